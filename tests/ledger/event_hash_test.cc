#include "ledger/event_hash.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace besluitlog::ledger {
namespace {

v1::Event SampleEvent() {
  v1::Event event;
  event.set_event_id("6f9619ff-8b86-d011-b42d-00c04fc964ff");
  event.set_stream_id("proposal/1");
  event.set_stream_version(1);
  event.set_global_position(1);
  event.set_event_type("ProposalSubmitted");
  event.mutable_recorded_at()->set_seconds(1764000000);
  event.set_content_type("application/json");
  event.set_payload("{}");
  event.set_prev_hash(GenesisHash());
  return event;
}

TEST(EventHashTest, GenesisIs32ZeroBytes) {
  EXPECT_EQ(GenesisHash(), std::string(32, '\0'));
}

TEST(EventHashTest, HashIsSha256OfPrevHashAndCanonicalBytes) {
  const v1::Event event = SampleEvent();
  const std::string hash = ComputeEventHash(event);
  EXPECT_EQ(hash.size(), 32u);
  EXPECT_EQ(hash, ComputeEventHash(event)) << "must be deterministic";
  EXPECT_EQ(HashToHex(hash).size(), 64u);
}

TEST(EventHashTest, EveryCoveredFieldChangesTheHash) {
  const std::string base = ComputeEventHash(SampleEvent());
  const auto mutations = std::vector<void (*)(v1::Event*)>{
      [](v1::Event* e) { e->set_event_id("7f9619ff-8b86-d011-b42d-00c04fc964ff"); },
      [](v1::Event* e) { e->set_stream_id("proposal/2"); },
      [](v1::Event* e) { e->set_stream_version(2); },
      [](v1::Event* e) { e->set_global_position(2); },
      [](v1::Event* e) { e->set_event_type("ProposalWithdrawn"); },
      [](v1::Event* e) { e->mutable_recorded_at()->set_seconds(1); },
      [](v1::Event* e) { e->mutable_recorded_at()->set_nanos(1); },
      [](v1::Event* e) { e->set_actor("someone"); },
      [](v1::Event* e) { e->set_correlation_id("x"); },
      [](v1::Event* e) { e->set_causation_id("x"); },
      [](v1::Event* e) { e->set_content_type("text/plain"); },
      [](v1::Event* e) { e->set_payload("{ }"); },
      [](v1::Event* e) { e->set_prev_hash(std::string(32, '\1')); },
  };
  for (size_t i = 0; i < mutations.size(); ++i) {
    v1::Event event = SampleEvent();
    mutations[i](&event);
    EXPECT_NE(ComputeEventHash(event), base) << "mutation " << i;
  }
}

TEST(EventHashTest, FieldBoundariesAreUnambiguous) {
  // Moving bytes from one field to the next must not keep the hash.
  v1::Event a = SampleEvent();
  a.set_actor("ab");
  a.set_correlation_id("");
  v1::Event b = SampleEvent();
  b.set_actor("a");
  b.set_correlation_id("b");
  EXPECT_NE(CanonicalEventBytes(a), CanonicalEventBytes(b));
}

TEST(EventHashTest, TheStoredHashFieldIsNotPartOfTheInput) {
  v1::Event event = SampleEvent();
  const std::string before = ComputeEventHash(event);
  event.set_hash("anything");
  EXPECT_EQ(ComputeEventHash(event), before);
}

}  // namespace
}  // namespace besluitlog::ledger
