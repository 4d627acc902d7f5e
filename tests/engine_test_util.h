// Copyright The Quote Tracker Authors.
//
// Helpers shared by the engine tests (rules, golden article, invariants):
// runfile paths, one extractor per test binary, and quotes printed one a
// line for failure messages and golden files.

#ifndef TESTS_ENGINE_TEST_UTIL_H_
#define TESTS_ENGINE_TEST_UTIL_H_

#include <string>
#include <string_view>
#include <vector>

#include "proto/quote.pb.h"
#include "quotes/extractor.h"
#include "quotes/status.h"

namespace quotes {
namespace engine_test {

// The path of "workspace_path" (e.g. "quotes/rules.textproto") among the
// test's runfiles.
std::string RunfilePath(const std::string& workspace_path);

// Reads the whole file at "path" into *out.
Status ReadFile(const std::string& path, std::string* out);

// The extractor with the built-in catalogue, created on first use and
// shared by the tests of one binary (an Extractor is thread-safe).
// Aborts the test binary if Create() fails.
const Extractor& DefaultExtractor();

// Extracts the quotes of a document whose text is "text"; ADD_FAILURE when
// Extract() is not OK.
std::vector<Quote> ExtractText(const Extractor& extractor,
                               std::string_view text);

// "rule_id<TAB>KIND<TAB>speaker<TAB>content" with tabs, newlines and
// backslashes in the fields escaped, so every quote is one line.
std::string GoldenLine(const Quote& quote);

// The golden lines of "quotes", each ending in a newline; for messages.
std::string DescribeQuotes(const std::vector<Quote>& quotes);

}  // namespace engine_test
}  // namespace quotes

#endif  // TESTS_ENGINE_TEST_UTIL_H_
