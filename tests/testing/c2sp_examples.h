// The examples of the C2SP specifications, byte for byte, for tests that
// check besluitlog reads what the specifications write.
#ifndef BESLUITLOG_TESTS_TESTING_C2SP_EXAMPLES_H_
#define BESLUITLOG_TESTS_TESTING_C2SP_EXAMPLES_H_

namespace besluitlog::testing {

// c2sp.org/tlog-checkpoint's example note.
inline constexpr char kSpecCheckpoint[] =
    "example.com/behind-the-sofa\n"
    "20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    "\n"
    "\xE2\x80\x94 example.com/behind-the-sofa "
    "Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/"
    "Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n";

}  // namespace besluitlog::testing

#endif  // BESLUITLOG_TESTS_TESTING_C2SP_EXAMPLES_H_
