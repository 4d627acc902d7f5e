// Copyright The Quote Tracker Authors.
//
// Regression tests for what the fuzzers (fuzz/) and the kill test
// (ingest_kill_test) found, each named after its finding and holding the
// smallest input that showed it.  Findings tested elsewhere, where their
// fixture is:
//   record_fuzzer: a repair left the writer's record cache stale
//     (StoreCheckTest.RepairLeftTheWritersCacheStale);
//   record_fuzzer: a repair kept a document as whole, then deleted its
//     misfiled quote, and left it listing a missing quote
//     (StoreCheckTest.EachDamageIsReportedAndRepaired, "quote under its
//     key with another speaker"; regressions/record_fuzzer/
//     misfiled_quote_of_a_whole_document);
//   jsonl_reader_fuzzer: `quotes ingest` stopped the whole run at a doc_id
//     holding an escaped NUL (cli_hostile_test.sh, "NUL in a doc_id");
//   query_fuzzer under --config=fuzz: a word set leaked at start-up in
//     storage/similarity.cc (every test under --config=asan).
// Inputs that once failed a fuzzer go in fuzz/regressions/TARGET/, which
// the fuzz tests replay.

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "proto/quote.pb.h"
#include "quotes/document_reader.h"
#include "storage/check.h"
#include "storage/quote_store.h"
#include "tests/store_test_util.h"

namespace quotes {
namespace {

std::string MakeTempDir() {
  std::string pattern = testing::TempDir() + "/findings_XXXXXX";
  EXPECT_NE(mkdtemp(pattern.data()), nullptr);
  return pattern;
}

void Touch(const std::string& path) { std::ofstream(path) << ""; }

// ingest_kill_test: `quotes ingest` killed 11 ms after it started, while
// LevelDB created the store (LOCK and LOG written, CURRENT not yet), left
// a directory that every later command refused as "holds other files and
// no quote store": the store could never be opened or ingested into
// again.  A directory of LevelDB's files alone is now an interrupted
// creation, which ingest completes.
TEST(Findings, KilledWhileCreatingTheStore) {
  struct Case {
    std::vector<std::string> files;
    bool creatable;
  };
  const Case cases[] = {
      {{"LOCK"}, true},
      {{"LOCK", "LOG"}, true},
      {{"LOCK", "LOG", "LOG.old", "MANIFEST-000001", "000001.dbtmp"}, true},
      {{"LOCK", "000003.log", "000005.ldb", "000004.sst"}, true},
      {{"LOCK", "notes.txt"}, false},
      {{"MANIFEST-x"}, false},
      {{"12.txt"}, false},
  };
  for (const Case& c : cases) {
    const std::string dir = MakeTempDir() + "/db";
    ASSERT_EQ(mkdir(dir.c_str(), 0755), 0);
    std::string names;
    for (const std::string& file : c.files) {
      Touch(dir + "/" + file);
      names += file + " ";
    }
    SCOPED_TRACE(names);
    QuoteStore::Options options;
    options.create_if_missing = false;
    std::unique_ptr<QuoteStore> store;
    Status s = QuoteStore::Open(options, dir, &store);
    EXPECT_TRUE(c.creatable ? s.IsNotFound() : s.IsInvalidArgument())
        << s.ToString();
    options.create_if_missing = true;
    s = QuoteStore::Open(options, dir, &store);
    if (!c.creatable) {
      EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
      continue;
    }
    ASSERT_STATUS_OK(s);
    const testing_util::TestDoc doc = testing_util::MakeDoc(
        "d1", "AP", "2025-01-01", {{"The store opens again", "Ann Lee"}});
    ASSERT_STATUS_OK(store->AddDocument(doc.doc, doc.quotes, nullptr));
    CheckReport report;
    ASSERT_STATUS_OK(CheckStore(store.get(), CheckOptions(), &report));
    EXPECT_TRUE(report.consistent());
  }
}

// jsonl_reader_fuzzer: a JSON line whose doc_id escapes a NUL
// ({"doc_id": "a\u0000b", ...}) was read as a document, which the store
// then refused ("doc_id holds a 0 byte").  The reader now calls the line
// bad itself, located, as it does for a raw NUL byte.
TEST(Findings, EscapedNulInDocIdIsABadLine) {
  DocumentRecord record;
  record.source = "in.jsonl";
  record.line = 1;
  record.data = R"({"doc_id": "a\u0000b", "text": "Brenner said so."})";
  Document doc;
  const Status s = ParseRecord(record, &doc);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_EQ(s.message().rfind("in.jsonl:1: ", 0), 0u) << s.ToString();
}

// jsonl_reader_fuzzer, comparing the reader's simdjson path with its
// protobuf path before the former was committed: a line with a repeated
// empty key ({"text": "t", "": "b", "": "c"}) was a document on the fast
// path and malformed JSON on protobuf's ("Repeated map key"), which
// refuses an empty key in a typed message and then any repeated key in a
// Struct.  The fast path now leaves a line with an empty key to protobuf.
TEST(Findings, RepeatedEmptyKeyIsMalformedOnBothPaths) {
  DocumentRecord record;
  record.source = "in.jsonl";
  record.line = 1;
  record.data = R"({"text": "Brenner said so.", "": "b", "": "c"})";
  Document doc;
  const Status s = ParseRecord(record, &doc);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  Document reference;
  EXPECT_EQ(s.ToString(),
            reader_internal::ParseRecordWithProtobuf(record, &reference)
                .ToString());
}

}  // namespace
}  // namespace quotes
