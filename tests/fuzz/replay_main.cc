// Without libFuzzer (a gcc build), each fuzz target is a program that runs
// its input function over every file of the corpus directories it is given,
// so the committed seeds are replayed by every test run.
//
// The files of a directory run in the order of their names, so a corpus
// whose inputs build on each other (the governance commands: bodies before
// meetings before votes) names them "NN_what". A target that reports the
// outcome of each input (BesluitlogFuzzLastOutcome) names the expected
// outcome after the last '.', e.g. "17_vote_w1.OK" or
// "18_vote_absent_w2.FAILED_PRECONDITION"; every seed of such a target must
// name one, and the program fails on the first seed whose outcome differs.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
// Defined by targets whose inputs have an expected outcome; null otherwise.
extern "C" const char* BesluitlogFuzzLastOutcome() __attribute__((weak));

int main(int argc, char** argv) {
  int inputs = 0;
  for (int i = 1; i < argc; ++i) {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(argv[i])) {
      if (entry.is_regular_file()) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) {
      return a.filename().string() < b.filename().string();
    });
    for (const std::filesystem::path& path : files) {
      std::ifstream in(path, std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
      LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
      ++inputs;
      if (BesluitlogFuzzLastOutcome == nullptr) continue;
      const std::string expected = path.extension().string();
      const std::string outcome = BesluitlogFuzzLastOutcome();
      if (expected.size() < 2) {
        std::fprintf(stderr, "%s: the seed names no expected outcome (NN_what.OUTCOME)\n",
                     path.c_str());
        return 1;
      }
      if (outcome != expected.substr(1)) {
        std::fprintf(stderr, "%s: expected %s, got %s\n", path.c_str(), expected.c_str() + 1,
                     outcome.c_str());
        return 1;
      }
    }
  }
  std::printf("replayed %d inputs\n", inputs);
  return inputs > 0 ? 0 : 1;
}
