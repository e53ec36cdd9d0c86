#include "tools/client_channel.h"

#include <cstdlib>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/temp_dir.h"

namespace besluitlog::tools {
namespace {

using ::testing::HasSubstr;

class ClientChannelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : {"BESLUITLOG_SERVER", "BESLUITLOG_TOKEN", "BESLUITLOG_TOKEN_FILE",
                             "BESLUITLOG_TLS_CA", "BESLUITLOG_TLS_CERT", "BESLUITLOG_TLS_KEY"}) {
      unsetenv(name);
    }
  }
  testing::TempDir dir_;
};

TEST_F(ClientChannelTest, FlagsComeBeforeTheEnvironmentAndTokenFilesAreTrimmed) {
  std::ofstream(dir_.Sub("token")) << "bl_secret\n";
  setenv("BESLUITLOG_SERVER", "127.0.0.1:7000", 1);
  setenv("BESLUITLOG_TOKEN_FILE", dir_.Sub("token").c_str(), 1);
  absl::StatusOr<ClientOptions> from_environment = ClientOptionsFrom("", "", "", "", "", "");
  ASSERT_TRUE(from_environment.ok()) << from_environment.status();
  EXPECT_EQ(from_environment->server, "127.0.0.1:7000");
  EXPECT_EQ(from_environment->token, "bl_secret");
  absl::StatusOr<ClientOptions> from_flags =
      ClientOptionsFrom("localhost:8000", "bl_flag", "", "", "", "");
  ASSERT_TRUE(from_flags.ok());
  EXPECT_EQ(from_flags->server, "localhost:8000");
  EXPECT_EQ(from_flags->token, "bl_flag");
  unsetenv("BESLUITLOG_SERVER");
  EXPECT_EQ(ClientOptionsFrom("", "", "", "", "", "")->server, "127.0.0.1:50051");
}

TEST_F(ClientChannelTest, MissingFilesAreNamed) {
  absl::StatusOr<ClientOptions> options =
      ClientOptionsFrom("", "", dir_.Sub("nope"), "", "", "");
  EXPECT_EQ(options.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(options.status().message(), HasSubstr("token file"));
  EXPECT_EQ(ClientOptionsFrom("", "", "", dir_.Sub("ca.pem"), "", "").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(ClientChannelTest, ATokenNeverTravelsInTheClearBeyondLoopback) {
  const absl::StatusOr<ClientOptions> remote =
      ClientOptionsFrom("ledger.example.nl:50051", "bl_secret", "", "", "", "");
  EXPECT_EQ(remote.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(remote.status().message(), HasSubstr("without TLS"));
  EXPECT_TRUE(ClientOptionsFrom("127.0.0.1:50051", "bl_secret", "", "", "", "").ok());
  EXPECT_TRUE(ClientOptionsFrom("[::1]:50051", "bl_secret", "", "", "", "").ok());
  EXPECT_TRUE(ClientOptionsFrom("ledger.example.nl:50051", "", "", "", "", "").ok());
  std::ofstream(dir_.Sub("ca.pem")) << "-----BEGIN CERTIFICATE-----\n";
  EXPECT_TRUE(
      ClientOptionsFrom("ledger.example.nl:50051", "bl_secret", "", dir_.Sub("ca.pem"), "", "")
          .ok());
}

}  // namespace
}  // namespace besluitlog::tools
