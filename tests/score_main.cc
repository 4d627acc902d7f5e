// Copyright The Quote Tracker Authors.
//
// score_main: the C++ scorer behind score.py's command line, so the
// differential test can compare the two outputs byte for byte.
//
//   score_main --gold GOLD --pred PRED [--errors N] [--json]
//
// Prints what score.py prints; exits 0, or 2 with the error on stderr.

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "cli/scorer.h"

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: score_main --gold GOLD --pred PRED [--errors N] "
               "[--json]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string gold, pred;
  bool json = false;
  quotes::ScoreOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--json") {
      json = true;
    } else if (arg == "--gold" && has_value) {
      gold = argv[++i];
    } else if (arg == "--pred" && has_value) {
      pred = argv[++i];
    } else if (arg == "--errors" && has_value) {
      options.max_errors = std::atoi(argv[++i]);
    } else {
      return Usage();
    }
  }
  if (gold.empty() || pred.empty()) return Usage();
  quotes::ScoreReport report;
  quotes::Status s = quotes::ScoreJsonl(gold, pred, options, &report);
  if (!s.ok()) {
    std::fprintf(stderr, "score_main: %s\n", s.ToString().c_str());
    return 2;
  }
  std::fputs(quotes::FormatReport(report, json).c_str(), stdout);
  return 0;
}
