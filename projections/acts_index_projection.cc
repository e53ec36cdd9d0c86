#include "projections/acts_index_projection.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "besluitlog/v1/governance.pb.h"
#include "besluitlog/v1/query.pb.h"
#include "ledger/core/civil_date.h"
#include "ledger/core/status_macros.h"
#include "projections/acts/act_body.h"
#include "projections/acts/act_refs.h"
#include "projections/governance_apply.h"
#include "projections/view_names.h"

namespace besluitlog::projections {
namespace {

// The acts index: what an act means is acts::BodyOf's to say; the bodies of
// meetings and proposals it remembers are facts in this projection.
class ActsProjection final : public Projection {
 public:
  std::string name() const override { return kActs; }

  absl::Status Apply(const v1::Event& event, ProjectionWriter& writer) override {
    const v1::GovernanceEvent* g = Governance(event);
    if (g == nullptr) return absl::OkStatus();
    const uint64_t position = event.global_position();
    Facts facts(writer, position);
    ASSIGN_OR_RETURN(std::string body_id, acts::BodyOf(event, *g, acts::RefsOf(event, *g), facts));
    v1::ActSummary act;
    act.set_position(position);
    act.set_event_type(event.event_type());
    act.set_body_id(body_id);
    act.set_actor(event.actor());
    act.set_date(ledger::core::RecordedDay(event));
    act.set_stream_id(event.stream_id());
    const std::string summary = act.SerializeAsString();
    writer.Put(ActsEntity(""), position, summary);
    if (!body_id.empty()) writer.Put(ActsEntity(body_id), position, summary);
    return absl::OkStatus();
  }

 private:
  class Facts final : public acts::BodyMemory {
   public:
    Facts(ProjectionWriter& writer, uint64_t position) : writer_(writer), position_(position) {}
    void RememberMeeting(absl::string_view meeting_id, absl::string_view body_id) override {
      writer_.Put(MeetingFact(meeting_id), position_, std::string(body_id));
    }
    void RememberProposal(absl::string_view proposal_id, absl::string_view body_id) override {
      writer_.Put(ProposalFact(proposal_id), position_, std::string(body_id));
    }
    absl::StatusOr<std::string> MeetingBody(absl::string_view meeting_id) override {
      return Fact(MeetingFact(meeting_id));
    }
    absl::StatusOr<std::string> ProposalBody(absl::string_view proposal_id) override {
      return Fact(ProposalFact(proposal_id));
    }

   private:
    absl::StatusOr<std::string> Fact(const std::string& entity) {
      ASSIGN_OR_RETURN(std::optional<std::string> body, writer_.Get(entity));
      return body.value_or("");
    }

    ProjectionWriter& writer_;
    const uint64_t position_;
  };
};

}  // namespace

std::unique_ptr<Projection> NewActsProjection() { return std::make_unique<ActsProjection>(); }

}  // namespace besluitlog::projections
