// The ledgerctl commands that open a data dir on this machine instead of
// asking a server: verify --data_dir, replay, restore, token add / cert add.
// They link the ledger (RocksDB), the projections and the identities file;
// the client library (tools/) links none of these.
//
// Each prints what it did on stdout (as ledgerctl always has) and returns
// the error otherwise. The event log is opened read-only; restore writes
// only into a new, empty directory; an identity is added to the identities
// file only.
#ifndef BESLUITLOG_TOOLS_DATADIR_DATA_DIR_COMMANDS_H_
#define BESLUITLOG_TOOLS_DATADIR_DATA_DIR_COMMANDS_H_

#include <string>

#include "absl/status/status.h"
#include "ledger/chain_verifier.h"

namespace besluitlog::tools::datadir {

// Prints the report's summary; a broken chain is DATA_LOSS.
[[nodiscard]] absl::Status PrintChainReport(const ledger::ChainReport& report);

// Walks the chain and the Merkle tree stored in `data_dir` (read-only).
[[nodiscard]] absl::Status VerifyDataDir(const std::string& data_dir);

// Prints the state as of `as_of` (YYYY-MM-DD, the end of that day in
// Europe/Amsterdam, or a position; empty: the head) as JSON, rebuilt from
// the events in a scratch directory.
[[nodiscard]] absl::Status PrintReplay(const std::string& data_dir, const std::string& as_of);

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
