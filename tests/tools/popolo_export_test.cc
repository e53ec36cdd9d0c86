#include "tools/popolo_export.h"

#include <memory>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "ledger/clock.h"
#include "ledger/event_log.h"
#include "ledger/governance/governance_commands.h"
#include "tests/testing/governance_history.h"
#include "tests/testing/temp_dir.h"

namespace besluitlog::tools {
namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

// The fields of `object` Popolo requires of it are all present.
void ExpectFields(const Value& object, const std::vector<std::string>& fields) {
  for (const std::string& field : fields) {
    EXPECT_TRUE(object.struct_value().fields().contains(field)) << field;
  }
}

TEST(PopoloExportTest, TheSeedScenarioAsPopolo) {
  testing::TempDir dir;
  auto log = ledger::EventLog::Open(dir.Sub("log"));
  ASSERT_TRUE(log.ok());
  ledger::ManualClock clock(absl::FromUnixSeconds(1764000000));
  ledger::governance::GovernanceCommands commands(log->get(), &clock);
  testing::RecordKpiDispute(commands);

  std::stringstream spool;
  PopoloExport popolo(&spool);
  for (uint64_t p = 1; p <= (*log)->GetHead().position(); ++p) {
    popolo.Observe(*(*log)->ReadEvent(p));
  }
  std::ostringstream out;
  popolo.Write(out);
  Struct document;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out.str(), &document).ok()) << out.str();
  const auto& f = document.fields();
  ASSERT_EQ(f.at("organizations").list_value().values_size(), 3);
  ExpectFields(f.at("organizations").list_value().values(0), {"id", "name", "classification"});
  ASSERT_EQ(f.at("memberships").list_value().values_size(), 10);
  ExpectFields(f.at("memberships").list_value().values(0),
               {"id", "person_id", "organization_id", "role", "start_date"});
  ASSERT_EQ(f.at("motions").list_value().values_size(), 1);
  const Value& motion = f.at("motions").list_value().values(0);
  ExpectFields(motion, {"id", "organization_id", "creator_id", "text", "classification", "date",
                        "requirement", "result"});
  EXPECT_EQ(motion.struct_value().fields().at("result").string_value(), "pass");
  EXPECT_EQ(motion.struct_value().fields().at("requirement").string_value(), "consensus");
  const auto& vote_events = f.at("vote_events").list_value();
  ASSERT_EQ(vote_events.values_size(), 3) << "contract talk, ORO, SBO";
  const Value& sbo = vote_events.values(2);
  ExpectFields(sbo, {"id", "motion_id", "start_date", "result", "counts", "votes"});
  EXPECT_EQ(sbo.struct_value().fields().at("start_date").string_value(), "2024-11-20");
  const auto& votes = sbo.struct_value().fields().at("votes").list_value();
  ASSERT_EQ(votes.values_size(), 4) << "the last vote of each member";
  ExpectFields(votes.values(0), {"vote_event_id", "voter_id", "option", "role", "weight"});
  for (const Value& vote : votes.values()) {
    EXPECT_EQ(vote.struct_value().fields().at("option").string_value(), "yes");
  }
  const auto& counts = sbo.struct_value().fields().at("counts").list_value();
  EXPECT_EQ(counts.values(0).struct_value().fields().at("value").number_value(), 4);
  EXPECT_EQ(vote_events.values(1).struct_value().fields().at("result").string_value(),
            "no agreement");
}

}  // namespace
}  // namespace besluitlog::tools
