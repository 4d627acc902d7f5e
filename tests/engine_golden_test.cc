// Copyright The Quote Tracker Authors.
//
// Golden test: the quotes of a whole news article of the project's own
// (tests/data/golden_article.txt), one line each in text order,
//   rule_id<TAB>KIND<TAB>speaker<TAB>content
// must equal tests/data/golden_article.expected.  A mismatch prints a line
// diff ("-" expected, "+" got).
//
// After a deliberate change of the engine's output, review the diff, then
// rewrite the expected file from the source tree with
//   QUOTES_UPDATE_GOLDEN=1 bazel run //tests:engine_golden_test
// (bazel run sets BUILD_WORKSPACE_DIRECTORY, where the file is written).
// Never bake a wrong answer into the file: a sentence the engine gets
// wrong goes to tests/data/golden_known_gaps.txt with the answer it
// should give, and moves into the article once the engine is fixed.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "proto/quote.pb.h"
#include "tests/engine_test_util.h"

namespace quotes {
namespace {

using engine_test::DefaultExtractor;
using engine_test::GoldenLine;
using engine_test::ReadFile;
using engine_test::RunfilePath;

constexpr char kArticle[] = "tests/data/golden_article.txt";
constexpr char kExpected[] = "tests/data/golden_article.expected";
constexpr char kKnownGaps[] = "tests/data/golden_known_gaps.txt";

constexpr char kExpectedHeader[] =
    "# The quotes of golden_article.txt, in text order:\n"
    "# rule_id<TAB>kind<TAB>speaker<TAB>content (see engine_golden_test.cc).\n"
    "# Rewrite after review with:\n"
    "#   QUOTES_UPDATE_GOLDEN=1 bazel run //tests:engine_golden_test\n";

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The lines of an expected file, without comments and blank lines.
std::vector<std::string> ExpectedLines(const std::string& text) {
  std::vector<std::string> lines;
  for (const std::string& line : SplitLines(text)) {
    if (!line.empty() && line[0] != '#') lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> ExtractLines(const std::string& text) {
  std::vector<std::string> lines;
  Document doc;
  doc.set_doc_id("golden_article");
  doc.set_title("Valley to get six rural clinics, minister says");
  doc.set_text(text);
  std::vector<Quote> quotes;
  const Status s = DefaultExtractor().Extract(doc, &quotes);
  EXPECT_TRUE(s.ok()) << s.ToString();
  for (const Quote& q : quotes) lines.push_back(GoldenLine(q));
  return lines;
}

// A line diff of "want" and "got" (longest common subsequence): "  "
// common, "- " only expected, "+ " only got.
std::string Diff(const std::vector<std::string>& want,
                 const std::vector<std::string>& got) {
  const size_t n = want.size(), m = got.size();
  std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      lcs[i][j] = want[i] == got[j] ? lcs[i + 1][j + 1] + 1
                                    : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::string out;
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && want[i] == got[j]) {
      out.append("  ").append(want[i++]).push_back('\n');
      ++j;
    } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      out.append("- ").append(want[i++]).push_back('\n');
    } else {
      out.append("+ ").append(got[j++]).push_back('\n');
    }
  }
  return out;
}

// Rewrites the expected file in the source tree; only under bazel run.
void UpdateExpected(const std::vector<std::string>& got) {
  const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
  ASSERT_NE(workspace, nullptr)
      << "QUOTES_UPDATE_GOLDEN needs bazel run (BUILD_WORKSPACE_DIRECTORY)";
  const std::string path = std::string(workspace) + "/" + kExpected;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << kExpectedHeader;
  for (const std::string& line : got) out << line << '\n';
  out.close();
  ASSERT_TRUE(out) << "cannot write " << path;
  std::cout << "wrote " << got.size() << " quotes to " << path << "\n";
}

TEST(GoldenArticle, QuotesMatchTheExpectedFile) {
  std::string article, expected;
  Status s = ReadFile(RunfilePath(kArticle), &article);
  ASSERT_TRUE(s.ok()) << s.ToString();
  const std::vector<std::string> got = ExtractLines(article);

  const char* update = std::getenv("QUOTES_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    UpdateExpected(got);
    return;
  }
  s = ReadFile(RunfilePath(kExpected), &expected);
  ASSERT_TRUE(s.ok()) << s.ToString();
  const std::vector<std::string> want = ExpectedLines(expected);
  EXPECT_TRUE(got == want) << kArticle << " no longer gives " << kExpected
                           << " (- expected, + got):\n"
                           << Diff(want, got)
                           << "If the change is right, rewrite the file with\n"
                              "  QUOTES_UPDATE_GOLDEN=1 bazel run "
                              "//tests:engine_golden_test\n";
}

TEST(GoldenArticle, DiffShowsMissingAndExtraLines) {
  EXPECT_EQ(Diff({"a", "b", "c"}, {"a", "x", "c", "d"}),
            "  a\n- b\n+ x\n  c\n+ d\n");
  EXPECT_EQ(Diff({}, {}), "");
}

// One entry of golden_known_gaps.txt.
struct Gap {
  std::string name;
  std::string text;
  std::vector<std::string> want;  // KIND<TAB>speaker<TAB>content
};

// Parses the known-gaps file: "== name" opens a gap, "text: " lines make
// its text (joined with newlines), "want: " lines are the quotes it should
// give, and "got: " lines (today's answer) and "#" lines are comments.
bool ParseGaps(const std::string& file, std::vector<Gap>* gaps) {
  for (const std::string& line : SplitLines(file)) {
    auto starts = [&line](const char* prefix) {
      return line.compare(0, std::string(prefix).size(), prefix) == 0;
    };
    if (line.empty() || starts("#") || starts("got:")) continue;
    if (starts("== ")) {
      gaps->push_back(Gap{line.substr(3), "", {}});
    } else if (gaps->empty()) {
      ADD_FAILURE() << "line before the first gap: " << line;
      return false;
    } else if (starts("text:")) {
      Gap& gap = gaps->back();
      if (!gap.text.empty()) gap.text.push_back('\n');
      gap.text.append(line.size() > 6 ? line.substr(6) : "");
    } else if (starts("want: ")) {
      gaps->back().want.push_back(line.substr(6));
    } else {
      ADD_FAILURE() << "unknown line: " << line;
      return false;
    }
  }
  return true;
}

// The known gaps are not enforced: the test only checks that the file
// parses, and reports the gaps the engine has closed so that they can move
// into the article.
TEST(GoldenArticle, KnownGapsAreListedNotEnforced) {
  std::string file;
  const Status s = ReadFile(RunfilePath(kKnownGaps), &file);
  ASSERT_TRUE(s.ok()) << s.ToString();
  std::vector<Gap> gaps;
  ASSERT_TRUE(ParseGaps(file, &gaps));
  EXPECT_FALSE(gaps.empty());
  for (const Gap& gap : gaps) {
    EXPECT_FALSE(gap.text.empty()) << gap.name;
    std::vector<std::string> got;
    for (const std::string& line : ExtractLines(gap.text)) {
      got.push_back(line.substr(line.find('\t') + 1));  // drop the rule id
    }
    if (got == gap.want) {
      std::cout << "known gap now closed, move it into the article: "
                << gap.name << "\n";
    }
  }
}

}  // namespace
}  // namespace quotes
