// Copyright The Quote Tracker Authors.
//
// `quotes check [--repair]`: the store's records against its indexes
// (storage/check.h), reported for people: what the store holds, each
// problem found, and with --repair what the rebuild changed and the check
// of the repaired store.

#include "cli/check_command.h"

#include <string>

#include "cli/commands_internal.h"
#include "google/protobuf/stubs/logging.h"
#include "storage/check.h"

namespace quotes {

const char kCheckUsage[] = "quotes check [--db DIR] [--repair]";

namespace {

std::string Plural(uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

void AppendReport(const CheckReport& report, std::string* out) {
  const StoreStats& r = report.records;
  *out += "records:   " + Plural(r.documents, "document", "documents") + ", " +
          Plural(r.quotes, "quote", "quotes") + " (" +
          Plural(r.sources, "source", "sources") + "), " +
          Plural(r.speakers, "speaker", "speakers") + "\n";
  std::string keys;
  for (const auto& [space, n] : report.keys) {
    if (n == 0) continue;
    if (!keys.empty()) keys += ", ";
    const bool printable = space > ' ' && space < 0x7F;
    keys += (printable ? std::string(1, space) : "?") + " " + std::to_string(n);
  }
  *out += "keys:      " + (keys.empty() ? "none" : keys) + "\n";
  if (report.unknown_keys > 0) {
    *out += "unchecked: " + Plural(report.unknown_keys, "key", "keys") +
            " of key spaces this version does not know\n";
  }
  for (const CheckProblem& p : report.problems) {
    *out += "problem:   " + std::string(ProblemKindName(p.kind)) + ": " +
            p.key + ": " + p.detail + "\n";
  }
  if (report.problems.size() < report.problem_count) {
    *out += "problem:   ... and " +
            std::to_string(report.problem_count - report.problems.size()) +
            " more not listed\n";
  }
  std::string kinds;
  for (const auto& [kind, n] : report.problems_by_kind) {
    kinds += (kinds.empty() ? " (" : ", ") + std::to_string(n) + " " +
             ProblemKindName(kind);
  }
  if (!kinds.empty()) kinds += ")";
  *out += "problems:  " + std::to_string(report.problem_count) + kinds + "\n";
}

void AppendRepair(const RepairReport& r, std::string* out) {
  *out += "repaired:  removed " +
          Plural(r.documents_removed, "document", "documents") + ", " +
          Plural(r.quotes_removed, "quote", "quotes") + ", " +
          Plural(r.speakers_removed, "speaker", "speakers") + " and " +
          Plural(r.sources_removed, "source", "sources") + "; restored " +
          Plural(r.speakers_restored, "speaker", "speakers") + ", recounted " +
          std::to_string(r.speakers_recounted) + "; rebuilt the indexes (" +
          std::to_string(r.index_keys_deleted) + " keys deleted, " +
          std::to_string(r.index_keys_written) + " written)\n";
  if (r.documents_removed > 0) {
    *out +=
        "           ingest the removed documents again to store them whole\n";
  }
}

}  // namespace

CLI::App* AddCheckCommand(CLI::App* app, const char* db_help,
                          CheckFlags* flags) {
  CLI::App* command = app->add_subcommand(
      "check", "Verify the store's indexes against its records");
  command->add_option("--db", flags->db, db_help)->type_name("DIR");
  command->add_flag("--repair", flags->repair,
                    "Rebuild the indexes, counts and stats from the records, "
                    "removing documents that are not whole");
  command->footer(
      "\nPrints what the store holds and each problem found: a record that "
      "does not parse, a document missing one of its quotes, an index entry "
      "missing or pointing at a missing record, a wrong count. --repair "
      "rebuilds what derives from the records and removes what the records "
      "cannot support; ingest the removed documents again to store them "
      "whole.\n"
      "Exit status: 0 when the store is consistent (with --repair: once "
      "repaired), 1 when problems were found (without --repair), 2 on any "
      "error.");
  return command;
}

int RunCheck(const CheckFlags& flags, const CommandIo& io) {
  // A damaged record is expected here and reported as a problem; protobuf's
  // own log line for each one would only repeat it.
  google::protobuf::LogSilencer quiet;
  const std::string path = flags.db.empty() ? DefaultDbPath() : flags.db;
  std::unique_ptr<QuoteStore> store;
  Status s = OpenStore(path, /*create=*/false, &store);
  if (!s.ok()) {
    ReportError(io, s);
    return kExitError;
  }
  std::string out = "store:     " + path + "\n";
  // An error after some of the report: print what there is, then the error.
  auto fail = [&](const Status& error) {
    io.out->Write(out);
    ReportError(io, error);
    return Finish(io, kExitError);
  };
  CheckReport report;
  s = CheckStore(store.get(), CheckOptions(), &report);
  if (!s.ok()) return fail(s);
  AppendReport(report, &out);
  if (report.consistent() || !flags.repair) {
    out += report.consistent() ? "the store is consistent\n"
                               : "the store is NOT consistent (repair: quotes "
                                 "check --repair)\n";
    io.out->Write(out);
    return Finish(io, report.consistent() ? kExitOk : kExitNothingFound);
  }
  RepairReport repair;
  s = RepairStore(store.get(), &repair);
  if (s.ok()) {
    AppendRepair(repair, &out);
    out += "after repair:\n";
    s = CheckStore(store.get(), CheckOptions(), &report);
  }
  if (!s.ok()) return fail(s);
  AppendReport(report, &out);
  io.out->Write(out);
  if (!report.consistent()) {
    ReportError(io,
                Status::Corruption(path, "problems remain after the repair"));
    return Finish(io, kExitError);
  }
  io.out->Write("the store is consistent\n");
  return Finish(io, kExitOk);
}

}  // namespace quotes
