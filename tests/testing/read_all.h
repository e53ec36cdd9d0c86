// Reads the whole log through LedgerService.ReadAll, page by page, failing
// the current test on an error.
#ifndef BESLUITLOG_TESTS_TESTING_READ_ALL_H_
#define BESLUITLOG_TESTS_TESTING_READ_ALL_H_

#include <vector>

#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"

namespace besluitlog::testing {

inline std::vector<v1::Event> ReadAllOverGrpc(v1::LedgerService::Stub& stub) {
  std::vector<v1::Event> events;
  v1::ReadAllRequest request;
  while (true) {
    grpc::ClientContext context;
    v1::ReadAllResponse response;
    grpc::Status status = stub.ReadAll(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok()) break;
    events.insert(events.end(), response.events().begin(), response.events().end());
    if (response.next_position() > response.head_position()) break;
    request.set_from_position(response.next_position());
  }
  return events;
}

}  // namespace besluitlog::testing

#endif  // BESLUITLOG_TESTS_TESTING_READ_ALL_H_
