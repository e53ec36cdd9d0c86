// The export group of ledgerctl: `export` streams the trail up to the
// server's signed checkpoint as CSV (Dutch spreadsheets), JSONL (verifiable
// offline with `audit --file`), printable HTML or Popolo JSON, through one
// ExportWriter per format (tools/export_writer.h).
//
// Examples:
//   ledgerctl export --format=csv --out=trail.csv --body=sbo --from_date=2026-01-01
//   ledgerctl export --format=jsonl --out=trail.jsonl
//   ledgerctl export --format=html --out=trail.html
//   ledgerctl export --format=popolo > popolo.json
#ifndef BESLUITLOG_TOOLS_LEDGERCTL_EXPORT_COMMANDS_H_
#define BESLUITLOG_TOOLS_LEDGERCTL_EXPORT_COMMANDS_H_

#include "tools/ledgerctl/command.h"

namespace besluitlog::tools::ledgerctl {

extern const Command kExportCommand;

}  // namespace besluitlog::tools::ledgerctl

#endif  // BESLUITLOG_TOOLS_LEDGERCTL_EXPORT_COMMANDS_H_
