// Command: one row of ledgerctl's subcommand table (tools/ledgerctl_main.cc).
// Each group file (log, governance, views, audit, export, admin) defines its
// commands, their flags (absl flags, defined in the group's .cc and linked
// into ledgerctl only) and their lines of the usage text.
//
// Dispatch (in ledgerctl_main.cc) runs a command when the words after the
// program's flags are its name followed by exactly `operands` more words
// (any number when -1). What `run` returns is printed as
// "ledgerctl <first word>: <status>" and exits 1; usage errors exit 2.
//
// Examples of each group are in the group's header.
#ifndef BESLUITLOG_TOOLS_LEDGERCTL_COMMAND_H_
#define BESLUITLOG_TOOLS_LEDGERCTL_COMMAND_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace besluitlog::tools::ledgerctl {

using Operands = std::vector<std::string>;

struct Command {
  absl::string_view name;   // "head", or two words: "token add".
  int operands;             // Words after the name; -1: any number.
  absl::string_view usage;  // Its lines in the usage text, each "  ...\n".
  absl::Status (*run)(const Operands& operands);
};

}  // namespace besluitlog::tools::ledgerctl

#endif  // BESLUITLOG_TOOLS_LEDGERCTL_COMMAND_H_
