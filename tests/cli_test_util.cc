// Copyright The Quote Tracker Authors.

#include "tests/cli_test_util.h"

#include <cstdlib>
#include <utility>

#include "cli/commands.h"
#include "gtest/gtest.h"

namespace quotes {
namespace testing_util {

const char kTwoArticles[] =
    R"({"doc_id": "courier-1", "outlet": "Aldern Courier", "published": "2024-03-04", "url": "https://courier.example/1", "text": "\"We will not close a single clinic this winter,\" Health Minister Ana Ortiz said on Monday.\n\n\"Families have been through enough,\" she said."}
{"doc_id": "wire-2", "outlet": "Coastal Wire", "published": "2024-03-12", "text": "Port Aldern will dredge its harbour in June, Mayor Tomas Brenner said on Tuesday.\n\n\"We cannot ask the crews to guess where the sandbanks are,\" Brenner told reporters."}
)";

CliResult RunCli(std::vector<std::string> args) {
  args.insert(args.begin(), "quotes");
  Output out;
  Output err;
  CommandIo io;
  io.out = &out;
  io.err = &err;
  const int code = RunQuotes(args, io);
  return {code, out.captured(), err.captured()};
}

std::string FreshTestDir() {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string dir =
      std::string(tmp != nullptr ? tmp : "/tmp") + "/" +
      testing::UnitTest::GetInstance()->current_test_info()->name();
  const std::string command = "rm -rf '" + dir + "' && mkdir -p '" + dir + "'";
  EXPECT_EQ(std::system(command.c_str()), 0) << command;
  return dir;
}

}  // namespace testing_util
}  // namespace quotes
