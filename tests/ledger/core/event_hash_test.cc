#include "ledger/core/event_hash.h"

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"
#include "ledger/core/merkle_tree.h"

namespace besluitlog::ledger::core {
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

// Every field non-empty and distinct, so that swapping two fields or
// dropping a length prefix changes the bytes.
v1::Event VectorEvent() {
  v1::Event event;
  event.set_event_id("6f9619ff-8b86-d011-b42d-00c04fc964ff");
  event.set_stream_id("proposal/1");
  event.set_stream_version(7);
  event.set_global_position(42);
  event.set_event_type("ProposalSubmitted");
  event.mutable_recorded_at()->set_seconds(1764000000);
  event.mutable_recorded_at()->set_nanos(123456000);
  event.set_actor("griffie");
  event.set_correlation_id("0190a7e2-0000-7000-8000-000000000001");
  event.set_causation_id("0190a7e2-0000-7000-8000-000000000002");
  event.set_content_type("application/json");
  event.set_payload(R"({"titel":"KPI"})");
  std::string prev_hash;
  for (int i = 0; i < 32; ++i) prev_hash.push_back(static_cast<char>(i));
  event.set_prev_hash(prev_hash);  // 00 01 02 ... 1f
  return event;
}

// The expected values were computed outside this code base, from the
// grammar in docs/storage.md alone, with python3 (struct.pack(">I"/">Q"/
// ">q"/">i") for the integers, hashlib.sha256 for the digests) and the hash
// checked again with `sha256sum` over prev_hash || canonical bytes:
//   s = lambda x: struct.pack(">I", len(x)) + x
//   c = b"besluitlog.event.v1" + s(event_id) + s(stream_id) + u64(7) + u64(42)
//       + s(event_type) + i64(1764000000) + i32(123456000) + s(actor)
//       + s(correlation_id) + s(causation_id) + s(content_type) + s(payload)
//   hash = sha256(bytes(range(32)) + c); leaf = sha256(b"\x00" + c)
TEST(EventHashTest, CanonicalBytesAndHashMatchAnIndependentlyComputedVector) {
  const v1::Event event = VectorEvent();
  EXPECT_EQ(absl::BytesToHexString(CanonicalEventBytes(event)),
            "6265736c7569746c6f672e6576656e742e7631"  // "besluitlog.event.v1"
            "00000024"                                // event_id
            "36663936313966662d386238362d643031312d623432642d30306330"
            "3466633936346666"
            "0000000a"
            "70726f706f73616c2f31"  // stream_id
            "0000000000000007"      // stream_version
            "000000000000002a"      // global_position
            "00000011"
            "50726f706f73616c5375626d6974746564"  // event_type
            "0000000069248100"                    // recorded_at.seconds
            "075bca00"                            // recorded_at.nanos
            "00000007"
            "67726966666965"  // actor
            "00000024"        // correlation_id
            "30313930613765322d303030302d373030302d383030302d30303030"
            "3030303030303031"
            "00000024"  // causation_id
            "30313930613765322d303030302d373030302d383030302d30303030"
            "3030303030303032"
            "00000010"
            "6170706c69636174696f6e2f6a736f6e"  // content_type
            "0000000f"
            "7b22746974656c223a224b5049227d");
  EXPECT_EQ(HashToHex(ComputeEventHash(event)),
            "3a8f1015dd6e92a1b21eb3a21dba9815ee784226133f365c124708e6a51747bb");
  // The event's Merkle leaf (RFC 9162: SHA-256(0x00 || canonical bytes)).
  EXPECT_EQ(HashToHex(MerkleLeafHash(CanonicalEventBytes(event))),
            "c23fc29b6c8129e6ec39a1175157846ae47b19b5f091c4b235951be585a6bd2d");
}

TEST(EventHashTest, GenesisIs32ZeroBytes) { EXPECT_EQ(GenesisHash(), std::string(32, '\0')); }

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
}  // namespace besluitlog::ledger::core
