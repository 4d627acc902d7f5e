// Copyright The Quote Tracker Authors.
//
// `quotes eval --gold FILE [--pred FILE]`: the figures of the project's
// evaluation (../shared/eval/score.py) from the C++ scorer, so anyone can
// measure the engine on their own annotated data.  Without --pred the gold
// documents themselves are extracted (gold files hold their texts).

#include <fstream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cli/commands_internal.h"
#include "cli/output.h"
#include "cli/scorer.h"
#include "quotes/document_reader.h"
#include "quotes/extractor.h"

namespace quotes {
namespace {

Status ReadWhole(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(path, "cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IOError(path, "read failed");
  *out = text.str();
  return Status::OK();
}

// Extracts every document of the gold file and appends the contract lines
// of its quotes to *pred.
Status ExtractGold(const EvalFlags& flags, std::string* pred) {
  Extractor::Options options;
  options.rules_path = flags.rules;
  std::unique_ptr<Extractor> extractor;
  QUOTES_RETURN_IF_ERROR(Extractor::Create(options, &extractor));
  DocumentReader::Options reader_options;
  reader_options.format = DocumentReader::Format::kJsonLines;
  std::unique_ptr<DocumentReader> reader;
  QUOTES_RETURN_IF_ERROR(
      DocumentReader::Open(flags.gold, reader_options, &reader));
  Document doc;
  Status s;
  std::vector<Quote> quotes;
  while (reader->Next(&doc, &s)) {
    if (!s.ok()) return s;  // a gold file with a bad line is no gold file
    quotes.clear();
    QUOTES_RETURN_IF_ERROR(extractor->Extract(doc, &quotes));
    for (const Quote& q : quotes) AppendContractLine(doc.doc_id(), q, pred);
  }
  return s;
}

}  // namespace

CLI::App* AddEvalCommand(CLI::App* app, EvalFlags* flags) {
  CLI::App* cmd = app->add_subcommand(
      "eval", "Score quotes against annotated gold documents");
  cmd->add_option("--gold", flags->gold,
                  "Gold JSON Lines: one document a line with its text and "
                  "its quotes (the format of ../shared/eval; gunzip first)")
      ->type_name("FILE")
      ->required();
  cmd->add_option("--pred", flags->pred,
                  "Predicted quotes (the lines of `quotes extract --jsonl`); "
                  "default: extract the gold documents now")
      ->type_name("FILE");
  cmd->add_option("--errors", flags->errors,
                  "Also print up to N misses, spurious quotes and wrong "
                  "speakers")
      ->type_name("N")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--json", flags->json, "Print the figures as one JSON object");
  cmd->add_option("--rules", flags->rules,
                  "Extract with this rule catalogue instead of the built-in "
                  "one")
      ->type_name("FILE");
  cmd->footer(
      "\nThe figures and their names are those of the project's scorer: "
      "quote precision, recall and F1 (word overlap, Dice >= 0.5), speaker "
      "accuracy, attribution F1 and the Gender Gap Tracker's ggt_0.3 and "
      "ggt_0.8.\nExit status: 0 figures printed, 2 error.");
  return cmd;
}

int RunEval(const EvalFlags& flags, const CommandIo& io) {
  std::string gold, pred;
  Status s = ReadWhole(flags.gold, &gold);
  if (s.ok()) {
    s = flags.pred.empty() ? ExtractGold(flags, &pred)
                           : ReadWhole(flags.pred, &pred);
  }
  ScoreReport report;
  if (s.ok()) {
    ScoreOptions options;
    options.max_errors = flags.errors;
    s = ScoreDocuments(flags.gold, gold, pred, options, &report);
  }
  if (!s.ok()) {
    ReportError(io, s);
    return Finish(io, kExitError);
  }
  io.out->Write(FormatReport(report, flags.json));
  return Finish(io, kExitOk);
}

}  // namespace quotes
