// ledgerctl publish: the static decision site (tools/publish/publisher.h,
// docs/publish.md), with the auditor or secretariaat role (the server's
// AuditService refuses other roles).
//
//   ledgerctl publish --out ./site
//   ledgerctl publish --out ./site --base_url https://besluiten.example.nl
//       --publisher_name "Gemeente Dordrecht"
//       --publisher_uri https://identifier.overheid.nl/tooi/id/gemeente/gm0505   (one line)
//   ledgerctl publish --out ./site --exclude_body cg-a --exclude_body cg-b
#ifndef BESLUITLOG_TOOLS_LEDGERCTL_PUBLISH_COMMANDS_H_
#define BESLUITLOG_TOOLS_LEDGERCTL_PUBLISH_COMMANDS_H_

#include "tools/ledgerctl/command.h"

namespace besluitlog::tools::ledgerctl {

extern const Command kPublishCommand;

}  // namespace besluitlog::tools::ledgerctl

#endif  // BESLUITLOG_TOOLS_LEDGERCTL_PUBLISH_COMMANDS_H_
