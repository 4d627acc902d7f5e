// Copyright The Quote Tracker Authors.

#include "tests/engine_test_util.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

namespace quotes {
namespace engine_test {
namespace {

void AppendEscaped(std::string_view field, std::string* out) {
  for (char c : field) {
    switch (c) {
      case '\t':
        out->append("\\t");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\\':
        out->append("\\\\");
        break;
      default:
        out->push_back(c);
    }
  }
}

}  // namespace

std::string RunfilePath(const std::string& workspace_path) {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const char* workspace = std::getenv("TEST_WORKSPACE");
  if (srcdir == nullptr) return workspace_path;  // run from the source tree
  return std::string(srcdir) + "/" +
         (workspace != nullptr ? workspace : "quotes") + "/" + workspace_path;
}

Status ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(path, "cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::IOError(path, "read failed");
  *out = ss.str();
  return Status::OK();
}

const Extractor& DefaultExtractor() {
  static const Extractor* const extractor = [] {
    std::unique_ptr<Extractor> e;
    const Status s = Extractor::Create(Extractor::Options(), &e);
    if (!s.ok()) {
      std::fprintf(stderr, "Extractor::Create: %s\n", s.ToString().c_str());
      std::abort();
    }
    return e.release();
  }();
  return *extractor;
}

std::vector<Quote> ExtractText(const Extractor& extractor,
                               std::string_view text) {
  Document doc;
  doc.set_doc_id("test");
  doc.set_text(std::string(text));
  std::vector<Quote> quotes;
  const Status s = extractor.Extract(doc, &quotes);
  if (!s.ok()) ADD_FAILURE() << "Extract: " << s.ToString();
  return quotes;
}

std::string GoldenLine(const Quote& quote) {
  std::string line;
  AppendEscaped(quote.rule_id(), &line);
  line.push_back('\t');
  line.append(QuoteKind_Name(quote.kind()));
  line.push_back('\t');
  AppendEscaped(quote.speaker().name(), &line);
  line.push_back('\t');
  AppendEscaped(quote.text(), &line);
  return line;
}

std::string DescribeQuotes(const std::vector<Quote>& quotes) {
  if (quotes.empty()) return "(no quotes)\n";
  std::string out;
  for (const Quote& q : quotes) out.append(GoldenLine(q)).push_back('\n');
  return out;
}

}  // namespace engine_test
}  // namespace quotes
