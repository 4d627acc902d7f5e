// Copyright The Quote Tracker Authors.
//
// The `quotes` command through RunQuotes: exit codes, where messages go,
// and each command against a store in TEST_TMPDIR.

#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cli/commands.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/delimited_message_util.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "proto/quote.pb.h"
#include "storage/quote_store.h"
#include "tests/cli_test_util.h"

namespace quotes {
namespace {

const char* const kArticles = testing_util::kTwoArticles;

using Result = testing_util::CliResult;

class CliTest : public testing::Test {
 protected:
  CliTest() {
    dir_ = testing_util::FreshTestDir();
    db_ = dir_ + "/store/db";
    articles_ = Write("articles.jsonl", kArticles);
  }

  std::string Write(const std::string& name, const std::string& content) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  Result Quotes(std::vector<std::string> args) {
    return testing_util::RunCli(std::move(args));
  }

  // Ingests the articles; the test fails unless that works.
  void Ingest() {
    Result r = Quotes({"ingest", "--db", db_, articles_});
    ASSERT_EQ(r.code, 0) << r.err;
  }

  std::string dir_;
  std::string db_;
  std::string articles_;
};

google::protobuf::Struct ParseJson(const std::string& line) {
  google::protobuf::Struct object;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(line, &object).ok())
      << line;
  return object;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST_F(CliTest, HelpGoesToStdoutWithExitZero) {
  const std::vector<std::vector<std::string>> cases = {
      {"--help"},
      {"-h"},
      {"extract", "--help"},
      {"ingest", "-h"},
      {"query", "--help"},
      {"speakers", "--help"},
      {"show", "--help"},
      {"export", "--help"},
  };
  for (const auto& args : cases) {
    Result r = Quotes(args);
    EXPECT_EQ(r.code, 0) << args[0];
    EXPECT_NE(r.out.find("Usage: quotes"), std::string::npos) << r.out;
    EXPECT_EQ(r.err, "") << args[0];
  }
  EXPECT_NE(Quotes({"extract", "--help"}).out.find("gunzip"),
            std::string::npos);
}

TEST_F(CliTest, UsageErrorsExitTwoWithShortUsageOnStderr) {
  struct Case {
    std::vector<std::string> args;
    const char* message;
  } cases[] = {
      {{}, "quotes: a command is required"},
      {{"--bogus"}, "unknown option '--bogus'"},
      {{"frobnicate"}, "unknown command 'frobnicate'"},
      {{"extract", "--bogus"}, "quotes: unknown option '--bogus'\n"},
      {{"query", "--db", "x", "--bogus=1"}, "unknown option '--bogus=1'"},
      {{"query", "stray"}, "quotes: unexpected argument 'stray'\n"},
      {{"query", "--kind", "both"}, "--kind: both not in"},
      {{"query", "--format", "xml"}, "--format"},
      {{"query", "--limit", "many"},
       "--limit: 'many' is not a whole number of 0 or more"},
      {{"query", "--limit", "-1"},
       "--limit: '-1' is not a whole number of 0 or more"},
      {{"export", "--limit", "123456789012345678901234"}, "is too large"},
      {{"extract", "--threads", "0"}, "--threads: '0' is not a whole number"},
      {{"ingest", "--max-bytes", "0"}, "--max-bytes: '0' is not a whole"},
      {{"show"}, "QUOTE_ID is required"},
      {{"show", ""}, "QUOTE_ID: an empty id"},
      {{"export", "--format", "csv"}, "--format"},
  };
  for (const Case& c : cases) {
    Result r = Quotes(c.args);
    std::string what = c.args.empty() ? "(none)" : c.args.back();
    EXPECT_EQ(r.code, 2) << what;
    EXPECT_EQ(r.out, "") << what;
    EXPECT_EQ(r.err.rfind("quotes: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("Usage: quotes"), std::string::npos) << r.err;
  }
}

TEST_F(CliTest, BadDatesAreErrors) {
  for (const char* flag : {"--since", "--until"}) {
    Result r = Quotes({"query", "--db", db_, flag, "last spring"});
    EXPECT_EQ(r.code, 2) << flag;
    EXPECT_NE(r.err.find(std::string("quotes: InvalidArgument: ") + flag +
                         ": cannot read the date 'last spring'"),
              std::string::npos)
        << r.err;
  }
}

TEST_F(CliTest, MissingFileIsReportedAndTheOthersStillRead) {
  std::string missing = dir_ + "/missing.txt";
  Result r = Quotes({"extract", "--jsonl", missing, articles_});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(
      r.err.find("quotes: IOError: " + missing + ": No such file or directory"),
      std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("\"doc_id\":\"courier-1\""), std::string::npos) << r.out;
}

TEST_F(CliTest, ExtractJsonlFollowsTheContract) {
  Result r = Quotes({"extract", "--jsonl", articles_});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  std::vector<std::string> lines = Lines(r.out);
  ASSERT_GE(lines.size(), 3u) << r.out;
  // The texts as the documents hold them, to check the offsets against.
  std::map<std::string, std::string> texts;
  for (const std::string& doc : Lines(kArticles)) {
    auto fields = ParseJson(doc).fields();
    texts[fields.at("doc_id").string_value()] =
        fields.at("text").string_value();
  }
  std::string previous_doc;
  for (const std::string& line : lines) {
    auto fields = ParseJson(line).fields();
    for (const char* key :
         {"doc_id", "quote_start", "quote_end", "kind", "speaker",
          "speaker_start", "speaker_end", "cue", "cue_start", "cue_end",
          "confidence", "role", "speaker_type", "resolution", "rule",
          "addressee", "text"}) {
      EXPECT_EQ(fields.count(key), 1u) << key << " missing in " << line;
    }
    const std::string& doc = fields.at("doc_id").string_value();
    ASSERT_EQ(texts.count(doc), 1u) << line;
    EXPECT_GE(doc, previous_doc) << "documents out of input order";
    previous_doc = doc;
    size_t start = fields.at("quote_start").number_value();
    size_t end = fields.at("quote_end").number_value();
    ASSERT_LE(start, end) << line;
    ASSERT_LE(end, texts[doc].size()) << line;
    EXPECT_EQ(texts[doc].substr(start, end - start),
              fields.at("text").string_value())
        << line;
    const std::string& kind = fields.at("kind").string_value();
    EXPECT_TRUE(kind == "direct" || kind == "indirect" || kind == "mixed")
        << line;
  }
  EXPECT_NE(r.out.find("\"speaker\":\"Ana Ortiz\""), std::string::npos)
      << r.out;
}

TEST_F(CliTest, ExtractWithoutQuotesExitsOne) {
  std::string path = Write("calm.txt", "The weather was mild on Tuesday.\n");
  Result r = Quotes({"extract", path});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "");
}

TEST_F(CliTest, ExtractPrintsPlainTextForPeople) {
  std::string path = Write("article.txt",
                           "\"We will not close a single clinic this "
                           "winter,\" Health Minister Ana Ortiz said.\n");
  Result r = Quotes({"extract", path});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("== " + path), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Ana Ortiz"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("rule: "), std::string::npos) << r.out;
}

TEST_F(CliTest, IngestSummarisesAndIsIdempotent) {
  Result first = Quotes({"ingest", "--db", db_, articles_});
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_EQ(first.out.rfind("store:     " + db_ + "\n", 0), 0u) << first.out;
  EXPECT_NE(first.out.find("documents: 2 stored (2 new, 0 replaced), 0 "
                           "unchanged"),
            std::string::npos)
      << first.out;
  EXPECT_NE(first.out.find("skipped:   0"), std::string::npos) << first.out;
  Result again = Quotes({"ingest", "--db", db_, articles_});
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_NE(again.out.find("documents: 0 stored (0 new, 0 replaced), 2 "
                           "unchanged"),
            std::string::npos)
      << again.out;
  EXPECT_NE(again.out.find("quotes:    0 new"), std::string::npos) << again.out;
}

TEST_F(CliTest, IngestStoresTheGoodLinesAndExitsTwoForTheBad) {
  std::string path =
      Write("mixed.jsonl",
            std::string(Lines(kArticles)[0]) + "\n{\"doc_id\": \"broken\", \n" +
                "{\"doc_id\": \"no-text\"}\n" + Lines(kArticles)[1] + "\n");
  Result r = Quotes({"ingest", "--db", db_, path});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(
      r.err.find("quotes: InvalidArgument: " + path + ":2: malformed JSON"),
      std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(path + ":3: missing \"text\""), std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("documents: 2 stored"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("skipped:   2 (1 malformed JSON, 1 missing \"text\")"),
            std::string::npos)
      << r.out;
}

TEST_F(CliTest, QueryExitsZeroWithResultsAndOneWithout) {
  Ingest();
  Result found = Quotes({"query", "--db", db_, "--speaker", "Ortiz"});
  EXPECT_EQ(found.code, 0) << found.err;
  EXPECT_NE(found.out.find("Ana Ortiz"), std::string::npos) << found.out;
  EXPECT_NE(found.out.find("Aldern Courier, 2024-03-04"), std::string::npos)
      << found.out;
  EXPECT_EQ(found.out.find("more: --cursor"), std::string::npos);

  Result none = Quotes({"query", "--db", db_, "--speaker", "Nobody Atall"});
  EXPECT_EQ(none.code, 1) << none.err;
  EXPECT_EQ(none.out, "");
  EXPECT_EQ(none.err, "");

  struct Case {
    const char* since;
    const char* until;
    int code;
  } dates[] = {
      {"2024", "2024", 0},
      {"2024-03", "2024-03", 0},
      {"March 4, 2024", "2024-03-04", 0},
      {"2024-03-05", "2024-03-11", 1},
      {"2025", "", 1},
  };
  for (const Case& c : dates) {
    Result r =
        Quotes({"query", "--db", db_, "--since", c.since, "--until", c.until});
    EXPECT_EQ(r.code, c.code) << c.since << " " << c.until << ": " << r.err;
  }

  Result json = Quotes({"query", "--db", db_, "--format", "json"});
  EXPECT_EQ(json.code, 0) << json.err;
  auto fields = ParseJson(json.out).fields();
  EXPECT_GE(fields.at("quotes").list_value().values_size(), 3);
  EXPECT_EQ(fields.at("next_cursor").kind_case(),
            google::protobuf::Value::kNullValue);
}

// A new user's trial: `query --words '!!!'` printed every quote, exit 0.
TEST_F(CliTest, QueryWordsWithoutLettersOrDigitsIsAnErrorNotEveryQuote) {
  Ingest();
  for (const char* words : {"!!!", "...", "\u2014 ?"}) {
    Result r = Quotes({"query", "--db", db_, "--words", words});
    EXPECT_EQ(r.code, 2) << words << ": " << r.out;
    EXPECT_EQ(r.out, "") << words;
    EXPECT_NE(r.err.find("InvalidArgument: no words to search for"),
              std::string::npos)
        << words << ": " << r.err;
  }
}

// A new user's trial: one speaker listed as "Brenner" under one article
// and "Tomas Brenner" under another.
TEST_F(CliTest, QueryShowsOneNameForASpeakerWhateverEachArticleCalledHim) {
  const std::string articles = Write(
      "brenner.jsonl",
      R"({"doc_id": "wire-1", "outlet": "Coastal Wire", "published": "2024-03-12", "text": "Port Aldern will dredge its harbour in June, Mayor Tomas Brenner said on Tuesday."}
{"doc_id": "ledger-2", "outlet": "Valley Ledger", "published": "2024-03-13", "text": "\"We cannot ask the crews to guess where the sandbanks are,\" Brenner told reporters."}
)");
  Result ingest = Quotes({"ingest", "--db", db_, articles});
  ASSERT_EQ(ingest.code, 0) << ingest.err;
  Result r = Quotes(
      {"query", "--db", db_, "--speaker", "Brenner", "--format", "jsonl"});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  for (const std::string& line : lines) {
    const auto speaker =
        ParseJson(line).fields().at("speaker").struct_value().fields();
    EXPECT_EQ(speaker.at("name").string_value(), "Tomas Brenner") << line;
    EXPECT_EQ(speaker.at("role").string_value(), "Mayor") << line;
  }
  Result text = Quotes({"query", "--db", db_, "--speaker", "Brenner"});
  EXPECT_EQ(text.out.find("\u2014 Brenner "), std::string::npos) << text.out;
}

TEST_F(CliTest, QueryPagesWithACursor) {
  Ingest();
  Result all =
      Quotes({"query", "--db", db_, "--format", "jsonl", "--limit", "0"});
  ASSERT_EQ(all.code, 0) << all.err;
  std::vector<std::string> every = Lines(all.out);
  ASSERT_GE(every.size(), 3u);

  Result page = Quotes({"query", "--db", db_, "--limit", "1"});
  ASSERT_EQ(page.code, 0) << page.err;
  size_t at = page.out.find("more: --cursor ");
  ASSERT_NE(at, std::string::npos) << page.out;
  std::string cursor = page.out.substr(at + 15);
  cursor.erase(cursor.find_last_not_of('\n') + 1);

  Result next = Quotes({"query", "--db", db_, "--format", "jsonl", "--limit",
                        "0", "--cursor", cursor});
  ASSERT_EQ(next.code, 0) << next.err;
  std::vector<std::string> rest = Lines(next.out);
  ASSERT_EQ(rest.size(), every.size() - 1);
  for (size_t i = 0; i < rest.size(); ++i) EXPECT_EQ(rest[i], every[i + 1]);
}

TEST_F(CliTest, ReadCommandsNeedAStore) {
  for (const char* command : {"query", "speakers", "export"}) {
    Result r = Quotes({command, "--db", dir_ + "/none"});
    EXPECT_EQ(r.code, 2) << command;
    EXPECT_NE(r.err.find("no store here"), std::string::npos) << r.err;
  }
}

TEST_F(CliTest, StoreHeldElsewhereIsBusyNamingThePath) {
  Ingest();
  std::unique_ptr<QuoteStore> holder;
  QuoteStore::Options options;
  options.create_if_missing = false;
  ASSERT_TRUE(QuoteStore::Open(options, db_, &holder).ok());
  for (std::vector<std::string> args : {std::vector<std::string>{"query"},
                                        {"speakers"},
                                        {"export"},
                                        {"show", "x"},
                                        {"ingest", articles_}}) {
    args.insert(args.begin() + 1, {"--db", db_});
    Result r = Quotes(args);
    EXPECT_EQ(r.code, 2) << args[0];
    EXPECT_EQ(r.out, "") << args[0];
    EXPECT_EQ(r.err, "quotes: Busy: " + db_ +
                         ": the store is in use by another process (one at "
                         "a time may hold it); try again when that one ends\n")
        << args[0];
  }
  holder.reset();
  EXPECT_EQ(Quotes({"query", "--db", db_}).code, 0);
}

TEST_F(CliTest, ShowPrintsSourcesAndContext) {
  Ingest();
  Result list = Quotes(
      {"query", "--db", db_, "--speaker", "Brenner", "--format", "jsonl"});
  ASSERT_EQ(list.code, 0) << list.err;
  std::string id =
      ParseJson(Lines(list.out)[0]).fields().at("id").string_value();
  Result show = Quotes({"show", "--db", db_, id});
  EXPECT_EQ(show.code, 0) << show.err;
  EXPECT_NE(show.out.find("sources:     1"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("context: "), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("Coastal Wire, 2024-03-12"), std::string::npos)
      << show.out;

  Result json = Quotes({"show", "--db", db_, "--format", "json", id});
  EXPECT_EQ(ParseJson(json.out).fields().at("id").string_value(), id);

  Result unknown = Quotes({"show", "--db", db_, "no-such-id"});
  EXPECT_EQ(unknown.code, 1);
  EXPECT_NE(unknown.err.find("quotes: NotFound: no-such-id"), std::string::npos)
      << unknown.err;
}

TEST_F(CliTest, SpeakersListsAliasesAndCounts) {
  Ingest();
  Result r = Quotes({"speakers", "--db", db_, "--match", "ortiz"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Ana Ortiz"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("quotes)"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Brenner"), std::string::npos) << r.out;

  Result json = Quotes({"speakers", "--db", db_, "--format", "json"});
  EXPECT_EQ(json.code, 0) << json.err;
  EXPECT_GE(
      ParseJson(json.out).fields().at("speakers").list_value().values_size(),
      2);

  Result none = Quotes({"speakers", "--db", db_, "--match", "zzz"});
  EXPECT_EQ(none.code, 1);
}

TEST_F(CliTest, ExportWritesADelimitedFeed) {
  Ingest();
  Result jsonl = Quotes({"export", "--db", db_, "--format", "jsonl"});
  ASSERT_EQ(jsonl.code, 0) << jsonl.err;
  size_t expected = Lines(jsonl.out).size();

  Result pb = Quotes({"export", "--db", db_});
  ASSERT_EQ(pb.code, 0) << pb.err;
  google::protobuf::io::ArrayInputStream stream(
      pb.out.data(), static_cast<int>(pb.out.size()));
  size_t count = 0;
  Quote quote;
  bool clean_eof = false;
  while (google::protobuf::util::ParseDelimitedFromZeroCopyStream(
      &quote, &stream, &clean_eof)) {
    ++count;
    EXPECT_FALSE(quote.id().empty());
    EXPECT_GT(quote.sources_size(), 0);
  }
  EXPECT_TRUE(clean_eof);
  EXPECT_EQ(count, expected);

  Result filtered = Quotes({"export", "--db", db_, "--format", "jsonl",
                            "--speaker", "Nobody Atall"});
  EXPECT_EQ(filtered.code, 1);
}

TEST(DefaultDbPath, FollowsTheEnvironment) {
  setenv("QUOTES_DB", "/data/quotes", 1);
  EXPECT_EQ(DefaultDbPath(), "/data/quotes");
  unsetenv("QUOTES_DB");
  setenv("XDG_DATA_HOME", "/xdg", 1);
  EXPECT_EQ(DefaultDbPath(), "/xdg/quotes/db");
  unsetenv("XDG_DATA_HOME");
  setenv("HOME", "/home/someone", 1);
  EXPECT_EQ(DefaultDbPath(), "/home/someone/.local/share/quotes/db");
}

}  // namespace
}  // namespace quotes
