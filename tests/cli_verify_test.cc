// Copyright The Quote Tracker Authors.
//
// `quotes verify` through RunQuotes: exit codes (0 found, 1 not close, 2
// error), the text and JSON renderings, usage errors and help.

#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "cli/commands.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/cli_test_util.h"

namespace quotes {
namespace {

const char* const kArticles = testing_util::kTwoArticles;

using Result = testing_util::CliResult;

class CliVerifyTest : public testing::Test {
 protected:
  CliVerifyTest() {
    dir_ = testing_util::FreshTestDir();
    db_ = dir_ + "/db";
    articles_ = dir_ + "/articles.jsonl";
    std::ofstream(articles_, std::ios::binary) << kArticles;
  }

  Result Quotes(std::vector<std::string> args) {
    return testing_util::RunCli(std::move(args));
  }

  void Ingest() {
    const Result r = Quotes({"ingest", "--db", db_, articles_});
    ASSERT_EQ(r.code, 0) << r.err;
  }

  std::string dir_;
  std::string db_;
  std::string articles_;
};

TEST_F(CliVerifyTest, ExitCodes) {
  Ingest();
  const struct {
    std::vector<std::string> args;
    int code;
    const char* out;  // expected in stdout
  } cases[] = {
      {{"We will not close a single clinic this winter"}, 0, "verdict: exact"},
      {{"We would not close one clinic this winter"},
       0,
       "verdict: close wording: said by Ana Ortiz"},
      {{"--speaker", "Brenner", "We will not close a single clinic"},
       0,
       "said by Ana Ortiz, not by Brenner"},
      // Several arguments are one claim.
      {{"we", "cannot", "ask", "the", "crews", "to", "guess"},
       0,
       "said by Tomas Brenner"},
      {{"The crews were told to guess the weather forecast in spring"},
       1,
       "verdict: paraphrase-like overlap only"},
      {{"The striker scored twice in the second half"},
       1,
       "verdict: not found"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = {"verify", "--db", db_};
    args.insert(args.end(), c.args.begin(), c.args.end());
    const Result r = Quotes(args);
    EXPECT_EQ(r.code, c.code) << c.args.back() << "\n" << r.out << r.err;
    EXPECT_NE(r.out.find(c.out), std::string::npos) << r.out;
    EXPECT_EQ(r.err, "") << c.args.back();
  }
}

TEST_F(CliVerifyTest, TextShowsDiffChangesAndFirstSource) {
  Ingest();
  const Result r = Quotes({"verify", "--db", db_, "--speaker", "Ortiz",
                           "We won't close one clinic this winter"});
  ASSERT_EQ(r.code, 0) << r.err;
  for (const char* part : {
           "verdict: close wording: said by Ana Ortiz\n",
           "1. close wording, score ",
           ": Ana Ortiz (Health Minister)\n",
           "   quote:   \"We will not close a single clinic this winter\"\n",
           "   diff:    We will not close [-a single-]{+one+} clinic this "
           "winter\n",
           "   changes: \"a single\" -> \"one\"\n",
           "   first:   Aldern Courier, 2024-03-04: "
           "https://courier.example/1\n",
           "   sources: 1 (quotes show ",
       }) {
    EXPECT_NE(r.out.find(part), std::string::npos) << part << "\n" << r.out;
  }
}

TEST_F(CliVerifyTest, JsonIsOneDocument) {
  Ingest();
  const Result r =
      Quotes({"verify", "--db", db_, "--format", "json", "--speaker",
              "Tomas Brenner", "we will not close a single clinic"});
  ASSERT_EQ(r.code, 0) << r.err;
  ASSERT_FALSE(r.out.empty());
  EXPECT_EQ(r.out.back(), '\n');
  google::protobuf::Struct doc;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(r.out, &doc).ok())
      << r.out;
  const auto& f = doc.fields();
  EXPECT_EQ(f.at("verdict").string_value(), "exact");
  EXPECT_TRUE(f.at("wrong_speaker").bool_value());
  EXPECT_EQ(f.at("speaker").string_value(), "Tomas Brenner");
  const auto& matches = f.at("matches").list_value().values();
  ASSERT_GE(matches.size(), 1);
  const auto& m = matches[0].struct_value().fields();
  EXPECT_EQ(m.at("verdict").string_value(), "exact");
  EXPECT_TRUE(m.at("excerpt").bool_value());
  EXPECT_FALSE(m.at("speaker_matches").bool_value());
  EXPECT_EQ(
      m.at("first_source").struct_value().fields().at("outlet").string_value(),
      "Aldern Courier");
  EXPECT_EQ(m.at("quote")
                .struct_value()
                .fields()
                .at("speaker")
                .struct_value()
                .fields()
                .at("name")
                .string_value(),
            "Ana Ortiz");
  EXPECT_GE(m.at("diff").list_value().values_size(), 2);

  const Result none = Quotes(
      {"verify", "--db", db_, "--format", "json", "The striker scored twice"});
  EXPECT_EQ(none.code, 1);
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(none.out, &doc).ok());
  EXPECT_EQ(doc.fields().at("verdict").string_value(), "not_found");
  EXPECT_TRUE(doc.fields().at("speaker").has_null_value());
  EXPECT_EQ(doc.fields().at("matches").list_value().values_size(), 0);
}

TEST_F(CliVerifyTest, ErrorsExitTwo) {
  Ingest();
  const struct {
    std::vector<std::string> args;
    const char* err;
  } cases[] = {
      {{"verify", "--db", "DB"}, "CLAIM is required"},
      {{"verify", "--db", "DB", "--format", "xml", "words"}, "--format"},
      {{"verify", "--db", "DB", "--limit", "-1", "words"},
       "--limit: '-1' is not a whole number of 0 or more"},
      {{"verify", "--db", "DB", "--bogus", "words"}, "unknown option"},
      {{"verify", "--db", "DB", "..."}, "InvalidArgument: claim: has no words"},
      {{"verify", "--db", "MISSING", "words"}, "no store here"},
  };
  for (const auto& c : cases) {
    std::vector<std::string> args = c.args;
    for (std::string& a : args) {
      if (a == "DB") a = db_;
      if (a == "MISSING") a = dir_ + "/missing";
    }
    const Result r = Quotes(args);
    EXPECT_EQ(r.code, 2) << args.back() << ": " << r.err;
    EXPECT_NE(r.err.find(c.err), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "") << args.back();
  }
  const Result usage = Quotes({"verify", "--db", db_});
  EXPECT_NE(usage.err.find("Usage: quotes verify"), std::string::npos)
      << usage.err;
}

TEST_F(CliVerifyTest, HelpAndCommandList) {
  const Result r = Quotes({"verify", "--help"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("Usage: quotes verify"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("close wording"), std::string::npos);
  EXPECT_EQ(r.err, "");
  const Result none = Quotes({});
  EXPECT_NE(none.err.find("verify"), std::string::npos) << none.err;
}

}  // namespace
}  // namespace quotes
