// The ledgerctl commands that open a data dir on this machine instead of
// asking a server: verify --data_dir, replay, restore, token add / cert add.
// They link the ledger (RocksDB), the projections and the identities file;
// the client library (tools/) links none of these.
//
// Each prints what it did (verify and replay: one closing line on stderr,
// after a progress bar on a terminal; replay's state on stdout) and returns
// the error otherwise. The event log is opened read-only; restore writes
// only into a new, empty directory; an identity is added to the identities
// file only.
#ifndef BESLUITLOG_TOOLS_DATADIR_DATA_DIR_COMMANDS_H_
#define BESLUITLOG_TOOLS_DATADIR_DATA_DIR_COMMANDS_H_

#include <string>

#include "absl/status/status.h"
#include "ledger/chain_verifier.h"
#include "tools/progress.h"

namespace besluitlog::tools::datadir {

// Ends `progress` with the one closing line "verified <where>: <summary>";
// a broken chain is DATA_LOSS.
[[nodiscard]] absl::Status FinishChainReport(const ledger::ChainReport& report,
                                             const std::string& where, Progress& progress);

// Walks the chain and the Merkle tree stored in `data_dir` (read-only),
// ending with one line on stderr.
[[nodiscard]] absl::Status VerifyDataDir(const std::string& data_dir);

// Prints the state the ledger knew at `known_at` (a position, an RFC 3339
// instant or a date = the end of that day in Europe/Amsterdam; empty: the
// head) as JSON on stdout, rebuilt from the events in a scratch directory,
// with a progress bar on a terminal and one closing line on stderr.
[[nodiscard]] absl::Status PrintReplay(const std::string& data_dir, const std::string& known_at);

// Copies the backup `from` into `data_dir` (new or empty) and verifies it.
[[nodiscard]] absl::Status RestoreBackup(const std::string& from, const std::string& data_dir);

// Adds a token (`kind` "token"; printed once) or a certificate name (`kind`
// "cert") for `name` with `role` to the identities file at `path`, or, when
// `path` is empty, $BESLUITLOG_IDENTITIES_FILE, else DATA_DIR/identities
// (DATA_DIR: `data_dir`, else ./data).
[[nodiscard]] absl::Status AddIdentity(const std::string& kind, const std::string& name,
                                       const std::string& role, std::string path,
                                       const std::string& data_dir);

}  // namespace besluitlog::tools::datadir

#endif  // BESLUITLOG_TOOLS_DATADIR_DATA_DIR_COMMANDS_H_
