#include "tools/ledgerctl/publish_commands.h"

#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "besluitlog/v1/audit.grpc.pb.h"
#include "besluitlog/v1/ledger_service.grpc.pb.h"
#include "ledger/core/civil_date.h"
#include "ledger/core/status_macros.h"
#include "tools/ledgerctl/connection.h"
#include "tools/progress.h"
#include "tools/publish/besluitenlijst_pages.h"
#include "tools/publish/publisher.h"
#include "tools/witnessed_checkpoint.h"

// --out is export's flag (export_commands.cc): the same word for "where".
ABSL_DECLARE_FLAG(std::string, out);
// --policy is audit's flag (audit_commands.cc): the same witness policy file.
ABSL_DECLARE_FLAG(std::string, policy);
// --on_date is show's flag (views_commands.cc): the day "in werking" is for.
ABSL_DECLARE_FLAG(std::string, on_date);
ABSL_FLAG(std::string, base_url, "",
          "publish: where the folder is hosted (https://...); writes robots.txt and the Woo "
          "sitemaps.");
ABSL_FLAG(std::string, publisher_name, "",
          "publish: the publishing organisation, for the Woo-index.");
ABSL_FLAG(std::string, publisher_uri, "",
          "publish: its TOOI identifier (https://identifier.overheid.nl/tooi/id/...).");
ABSL_FLAG(bool, drop_woo_index, false,
          "publish: remove the site's Woo index (robots.txt, the sitemaps); without it a site "
          "published with --base_url keeps its index when published again.");
ABSL_FLAG(std::vector<std::string>, exclude_body, {},
          "publish: leave these bodies out (not public); repeat or separate with commas.");

namespace besluitlog::tools::ledgerctl {
namespace {

absl::Status RunPublish(const Operands&) {
  publish::PublishOptions options;
  options.out_dir = absl::GetFlag(FLAGS_out);
  if (options.out_dir.empty()) {
    return absl::InvalidArgumentError("publish needs --out DIR: the folder the site is written to");
  }
  options.base_url = absl::GetFlag(FLAGS_base_url);
  options.publisher_name = absl::GetFlag(FLAGS_publisher_name);
  options.publisher_uri = absl::GetFlag(FLAGS_publisher_uri);
  options.drop_woo_index = absl::GetFlag(FLAGS_drop_woo_index);
  options.exclude_bodies = absl::GetFlag(FLAGS_exclude_body);
  if (const std::string policy = absl::GetFlag(FLAGS_policy); !policy.empty()) {
    ASSIGN_OR_RETURN(options.witness_policy, LoadWitnessPolicy(policy));
  }
  // The municipality pages show the agreements in force on this day.
  if (const std::string on_date = absl::GetFlag(FLAGS_on_date); !on_date.empty()) {
    ASSIGN_OR_RETURN(options.today, ledger::core::ParseDate("--on_date", on_date));
  } else {
    ASSIGN_OR_RETURN(options.today, ledger::core::DayInAmsterdam(absl::Now()));
  }
  auto channel = Channel();
  auto ledger = v1::LedgerService::NewStub(channel);
  auto audit = v1::AuditService::NewStub(channel);
  publish::BesluitenlijstPages renderer;
  ASSIGN_OR_RETURN(publish::PublishResult result,
                   publish::Publish(*ledger, *audit, renderer, options));
  (void)result;
  return absl::OkStatus();
}

}  // namespace

const Command kPublishCommand = {
    "publish", 0,
    "  publish --out DIR [--base_url https://... --publisher_name N --publisher_uri TOOI]\n"
    "          [--drop_woo_index]   (without --base_url the site keeps the Woo index it has)\n"
    "          [--exclude_body ID]... [--on_date D]   the static decision site (docs/publish.md)\n"
    "          [--policy FILE]   only up to a checkpoint the policy's witnesses cosigned; the\n"
    "                            pages check the cosignatures\n",
    RunPublish};

}  // namespace besluitlog::tools::ledgerctl
