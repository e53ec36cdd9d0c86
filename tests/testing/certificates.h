// Certificates for TLS tests, made with the openssl command (a test
// dependency installed by tools/dev.sh): a CA, a server certificate for
// localhost / 127.0.0.1, and client certificates "ops.example" and
// "nobody.example", as PEM files in a directory.
#ifndef BESLUITLOG_TESTS_TESTING_CERTIFICATES_H_
#define BESLUITLOG_TESTS_TESTING_CERTIFICATES_H_

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"

namespace besluitlog::testing {

class Certificates {
 public:
  explicit Certificates(const std::string& dir) : dir_(dir) {
    const std::string key = "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";
    std::ofstream(dir_ + "/server.ext") << "subjectAltName=DNS:localhost,IP:127.0.0.1\n";
    ok_ = Run(absl::StrCat("openssl req -x509 ", key,
                           " -keyout ca.key -out ca.pem -days 2 "
                           "-subj /CN=besluitlog-test-ca")) &&
          Sign("server", "localhost", " -extfile server.ext") &&
          Sign("client", "ops.example", "") && Sign("stranger", "nobody.example", "");
  }
  bool ok() const { return ok_; }
  std::string Pem(const std::string& name) const {
    std::ifstream in(dir_ + "/" + name);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

 private:
  bool Run(const std::string& command) const {
    return std::system(absl::StrCat("cd ", dir_, " && ", command, " >/dev/null 2>&1").c_str()) == 0;
  }
  bool Sign(const std::string& name, const std::string& common_name,
            const std::string& extensions) const {
    return Run(absl::StrCat("openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
                            "-keyout ",
                            name, ".key -out ", name, ".csr -subj /CN=", common_name)) &&
           Run(absl::StrCat("openssl x509 -req -in ", name,
                            ".csr -CA ca.pem -CAkey ca.key "
                            "-CAcreateserial -days 2 -out ",
                            name, ".pem", extensions));
  }

  const std::string dir_;
  bool ok_ = false;
};

}  // namespace besluitlog::testing

#endif  // BESLUITLOG_TESTS_TESTING_CERTIFICATES_H_
