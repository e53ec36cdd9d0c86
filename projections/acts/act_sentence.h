// Each governance act as one Dutch line a person can read, with names for
// ids ("Ria Jansen: voor, besluitpunt 1 van agendapunt 1, ORO 13 januari
// 2026"), for the audit trail appended to the besluitenlijst. Wording from
// act_labels.h; names from BesluitNames (as known when the sentence is
// made). Pure given `names`; thread-compatible.
#ifndef BESLUITLOG_PROJECTIONS_ACTS_ACT_SENTENCE_H_
#define BESLUITLOG_PROJECTIONS_ACTS_ACT_SENTENCE_H_

#include <string>

#include "besluitlog/v1/governance.pb.h"
#include "projections/acts/besluitenlijst.h"

namespace besluitlog::projections::acts {

std::string ActSentenceNl(const v1::GovernanceEvent& act, const BesluitNames& names);

// Acts that set up the bodies rather than record what they did (establishing
// and changing bodies and working groups, appointments, resignations,
// handovers): the trail folds runs of them into one summary.
bool IsStructureAct(const v1::GovernanceEvent& act);

}  // namespace besluitlog::projections::acts

#endif  // BESLUITLOG_PROJECTIONS_ACTS_ACT_SENTENCE_H_
