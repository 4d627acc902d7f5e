// Copyright The Quote Tracker Authors.
//
// The project's evaluation scorer in C++: scores predicted quotes against a
// gold set and computes exactly the figures of ../shared/eval/score.py (the
// reference implementation of the evaluation contract), so that
// `quotes eval --gold FILE` can print them without Python.
//
// Inputs (JSON Lines, UTF-8):
//   gold: one document a line, {"doc_id", "text", "quotes": [...]}.  Each
//     gold quote has quote_start/quote_end or quote_spans [[s, e], ...],
//     speaker (canonical name or null), speaker_start/speaker_end,
//     speaker_text, kind, quote_text, and required (default true).  Offsets
//     are code points unless the document says "offsets": "utf8-bytes".
//   pred: one quote a line, {"doc_id", "quote_start", "quote_end", "speaker",
//     "speaker_start", "speaker_end", ...} with UTF-8 byte offsets into the
//     document text (the output of `quotes extract --jsonl`).
//
// Semantics follow score.py line by line: word tokens are Python's \w+ over
// code points; a prediction matches a gold quote when the tokens whose
// midpoints they cover overlap with Dice >= 0.5 (one-to-one, best pairs
// first); a speaker is right when normalised names agree (titles dropped,
// pronouns never count) or, without a gold name, when mention spans overlap;
// ggt_0.3/ggt_0.8 are the Gender Gap Tracker's character-coverage figures.
// Predictions for doc_ids absent from the gold file are ignored.
//
// Where score.py stops with a Python exception (a gold line that is not
// JSON, a missing "text", a comparison with a non-number offset, invalid
// UTF-8 in either file), these functions return a non-OK Status instead.
//
// Known differences, all on input outside the contract:
// - JSON is parsed by protobuf, which stores every number as a double: 5 and
//   5.0 are the same value, and integral numbers print as Python ints in
//   error lines.  Protobuf rejects duplicate keys, NaN and Infinity (Python
//   accepts them) and accepts single quotes, bare keys and trailing commas
//   (Python rejects them); a prediction line is then counted differently in
//   unparsable_pred_lines.
// - An object printed in an error line (a speaker given as {"name": ...})
//   lists its keys sorted, not in file order.
// - A numeric string offset ("12") is read like Python's int() but with
//   ASCII digits only.
// - Character classes and lower-casing are Python 3.11's (Unicode 14.0);
//   the final-sigma rule of str.lower() is approximated.
//
// The functions keep no state between calls and are safe to call from
// several threads at once.

#ifndef CLI_SCORER_H_
#define CLI_SCORER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "quotes/status.h"

namespace quotes {

struct ScoreOptions {
  // Up to this many MISSED / WRONG SPEAKER / SPURIOUS lines are listed in
  // ScoreReport::errors, as score.py --errors N does.  0 lists none.
  int max_errors = 0;
};

// One threshold of the Gender Gap Tracker's metric (score.py's ggt_style).
struct GgtFigures {
  double precision = 0.0;
  double recall = 0.0;
  double f1 = 0.0;
  double speaker_accuracy = 0.0;
};

// Recall of the gold quotes of one "kind".
struct KindRecall {
  // The gold quote's "kind" ("unknown" when absent).  A kind that is not a
  // JSON string is held as its Python repr ("None", "1") with
  // kind_is_string false.
  std::string kind;
  bool kind_is_string = true;
  double recall = 0.0;
};

// Every figure of score.py.  Ratios are already rounded as score.py rounds
// them (Python's round(x, 4)), so printing them with Python's float repr
// reproduces its output.
struct ScoreReport {
  int64_t gold_quotes = 0;  // Required gold quotes.
  int64_t pred_quotes = 0;  // Predictions for gold documents, minus those
                            // that only match an optional gold quote.
  int64_t unparsable_pred_lines = 0;
  double quote_precision = 0.0;
  double quote_recall = 0.0;
  double quote_f1 = 0.0;
  double quote_exact_f1 = 0.0;  // Matched with the same token set.
  double speaker_accuracy_on_matched = 0.0;
  double attribution_precision = 0.0;  // Matched and the speaker right.
  double attribution_recall = 0.0;
  double attribution_f1 = 0.0;
  std::vector<KindRecall> recall_by_kind;  // Sorted by kind, as score.py.
  GgtFigures ggt_03;                       // "ggt_0.3"
  GgtFigures ggt_08;                       // "ggt_0.8"
  // score.py's --errors lines in its order and wording, at most
  // ScoreOptions::max_errors of them, without trailing newlines.
  std::vector<std::string> errors;
};

// Scores the files at "gold_path" and "pred_path".  On success stores the
// figures in *report and returns OK.  Returns IOError when a file cannot be
// read, Corruption when a file is not UTF-8, and InvalidArgument naming
// "gold_path:LINE" for a gold line score.py cannot use.  A prediction line
// that is not a JSON object with integer-like quote_start and quote_end is
// only counted in unparsable_pred_lines.  On error *report is unchanged.
Status ScoreJsonl(const std::string& gold_path, const std::string& pred_path,
                  const ScoreOptions& options, ScoreReport* report);

// As ScoreJsonl, on JSON Lines texts held in memory (lines end with "\n",
// "\r\n" or "\r", as Python reads text files), so a caller can score the
// predictions it produced itself.  "gold_name" names the gold text in error
// messages ("gold.jsonl:3: ...").
Status ScoreDocuments(std::string_view gold_name, std::string_view gold_jsonl,
                      std::string_view pred_jsonl, const ScoreOptions& options,
                      ScoreReport* report);

// Renders "report" byte for byte as score.py prints it: the error lines
// first, then either one "key: value" line per figure (json == false; Python
// repr of floats and dicts, e.g. "recall_by_kind: {'direct': 0.9}") or one
// JSON object on one line (json == true; Python's json.dumps).  Every line
// ends with "\n".
std::string FormatReport(const ScoreReport& report, bool json);

}  // namespace quotes

#endif  // CLI_SCORER_H_
