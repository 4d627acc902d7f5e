// Copyright The Quote Tracker Authors.
//
// Helpers shared by the tests that run the `quotes` command in process
// (RunQuotes): a fresh directory per test, the command's captured output,
// and two short articles the extractor attributes.

#ifndef TESTS_CLI_TEST_UTIL_H_
#define TESTS_CLI_TEST_UTIL_H_

#include <string>
#include <vector>

namespace quotes {
namespace testing_util {

// Two JSON Lines articles: Ana Ortiz (Health Minister) in "Aldern
// Courier", Tomas Brenner (Mayor) in "Coastal Wire".
extern const char kTwoArticles[];

struct CliResult {
  int code;         // exit status
  std::string out;  // what went to stdout
  std::string err;  // what went to stderr
};

// Runs `quotes ARGS...` through RunQuotes and returns its exit status and
// output.  Thread-compatible: the command writes only to its own buffers.
CliResult RunCli(std::vector<std::string> args);

// Returns $TEST_TMPDIR/<name of the running test> (/tmp when unset), made
// new and empty; an earlier directory of that name is removed.  Adds a
// test failure when it cannot.
std::string FreshTestDir();

}  // namespace testing_util
}  // namespace quotes

#endif  // TESTS_CLI_TEST_UTIL_H_
