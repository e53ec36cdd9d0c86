#include "services/identity_file.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <string>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/temp_dir.h"

namespace besluitlog::services {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class IdentityFileTest : public ::testing::Test {
 protected:
  std::unique_ptr<IdentityFile> Open() {
    absl::StatusOr<std::unique_ptr<IdentityFile>> file = IdentityFile::Open(path_);
    EXPECT_TRUE(file.ok()) << file.status();
    return file.ok() ? *std::move(file) : nullptr;
  }

  testing::TempDir dir_;
  const std::string path_ = dir_.Sub("identities");
};

TEST_F(IdentityFileTest, AnAddedTokenIdentifiesItsOwnerAndOnlyItsSaltedHashIsStored) {
  absl::StatusOr<std::string> token = IdentityFile::AddToken(path_, "w1", ledger::Role::kMember);
  ASSERT_TRUE(token.ok()) << token.status();
  absl::StatusOr<std::string> other = IdentityFile::AddToken(path_, "w2", ledger::Role::kMember);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(*token, *other);
  std::unique_ptr<IdentityFile> file = Open();
  absl::StatusOr<ledger::Caller> caller = file->FindToken(*token);
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(caller->name, "w1");
  EXPECT_EQ(caller->role, ledger::Role::kMember);
  EXPECT_EQ(file->FindToken(*other)->name, "w2");

  const std::string stored = ReadText(path_);
  EXPECT_THAT(stored, HasSubstr("token w1 member "));
  EXPECT_THAT(stored, Not(HasSubstr(*token)));
  struct stat info;
  ASSERT_EQ(stat(path_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(IdentityFileTest, UnknownTokensAreUnauthenticated) {
  ASSERT_TRUE(IdentityFile::AddToken(path_, "w1", ledger::Role::kMember).ok());
  std::unique_ptr<IdentityFile> file = Open();
  for (const char* token : {"", "bl_guess", "w1"}) {
    absl::StatusOr<ledger::Caller> caller = file->FindToken(token);
    EXPECT_EQ(caller.status().code(), absl::StatusCode::kUnauthenticated) << token;
  }
}

TEST_F(IdentityFileTest, ANameIsTakenOnceAndMustBeOneWord) {
  ASSERT_TRUE(IdentityFile::AddToken(path_, "w1", ledger::Role::kMember).ok());
  EXPECT_EQ(IdentityFile::AddToken(path_, "w1", ledger::Role::kAdmin).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(IdentityFile::AddCertificate(path_, "w1", ledger::Role::kAdmin).code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(IdentityFile::AddToken(path_, "w 1", ledger::Role::kMember).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(IdentityFile::AddToken(path_, "", ledger::Role::kMember).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(IdentityFileTest, ChangesToTheFileCountAtOnce) {
  std::unique_ptr<IdentityFile> file = Open();
  absl::StatusOr<std::string> token = IdentityFile::AddToken(path_, "w1", ledger::Role::kMember);
  ASSERT_TRUE(token.ok());
  ASSERT_TRUE(file->FindToken(*token).ok());  // Added after Open.
  EXPECT_EQ(file->FindCertificate("ops.example").status().code(),
            absl::StatusCode::kUnauthenticated);
  ASSERT_TRUE(IdentityFile::AddCertificate(path_, "ops.example", ledger::Role::kAdmin).ok());
  absl::StatusOr<ledger::Caller> ops = file->FindCertificate("ops.example");
  ASSERT_TRUE(ops.ok());
  EXPECT_EQ(ops->role, ledger::Role::kAdmin);
  // Removing the line revokes the token, even one already seen, within
  // the re-check interval.
  std::ofstream(path_, std::ios::trunc) << "cert ops.example admin\n";
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (file->FindToken(*token).ok() && absl::Now() < deadline) {
    absl::SleepFor(IdentityFile::kRecheckInterval / 4);  // Polling a cache that expires.
  }
  EXPECT_EQ(file->FindToken(*token).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST_F(IdentityFileTest, ADamagedFileNamesItsLine) {
  std::ofstream(path_) << "# comment\ncert ops admin\ntoken w1 wethouder 00 11\n";
  absl::StatusOr<std::unique_ptr<IdentityFile>> file = IdentityFile::Open(path_);
  EXPECT_EQ(file.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_THAT(file.status().message(), HasSubstr("line 3: unknown role \"wethouder\""));
}

}  // namespace
}  // namespace besluitlog::services
