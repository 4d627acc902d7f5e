// Copyright The Quote Tracker Authors.
//
// Helpers shared by the QuoteStore tests and benchmark: documents built
// around their quotes (with real offsets) and query shortcuts.

#ifndef TESTS_STORE_TEST_UTIL_H_
#define TESTS_STORE_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "leveldb/db.h"
#include "leveldb/env.h"
#include "proto/quote.pb.h"
#include "quotes/status.h"
#include "storage/quote_store.h"

#define ASSERT_STATUS_OK(expr)                              \
  do {                                                      \
    const ::quotes::Status _s = (expr);                     \
    ASSERT_TRUE(_s.ok()) << #expr << ": " << _s.ToString(); \
  } while (0)

#define EXPECT_STATUS_OK(expr)                              \
  do {                                                      \
    const ::quotes::Status _s = (expr);                     \
    EXPECT_TRUE(_s.ok()) << #expr << ": " << _s.ToString(); \
  } while (0)

namespace quotes {
namespace testing_util {

// The LevelDB database under a closed store at "path" on "env", for tests
// that read or damage its keys directly; nullptr (and a test failure) when
// it does not open.
std::unique_ptr<leveldb::DB> OpenRawDb(leveldb::Env* env,
                                       const std::string& path);

// One quote of a test document.
struct QuoteSpec {
  std::string text;
  // Canonical name as the extractor gives it; empty: unknown speaker.
  std::string speaker;
  // The mention tied to the cue; empty: the name.
  std::string mention;
  QuoteKind kind = DIRECT;
  SpeakerType type = PERSON;
  std::string role;
};

// A document and the quotes an extractor would return for it.
struct TestDoc {
  Document doc;
  std::vector<Quote> quotes;
};

// Builds a document whose text holds each quote as
//   Mention said: "text".
// one paragraph each, with the quotes' offsets pointing into it.
TestDoc MakeDoc(const std::string& doc_id, const std::string& outlet,
                const std::string& published,
                const std::vector<QuoteSpec>& specs);

// Runs "query" to its end and returns the quotes in order; ADD_FAILURE on
// an error.
std::vector<Quote> RunQuery(QuoteStore* store, const QuoteQuery& query);

// The texts of RunQuery's quotes, in order.
std::vector<std::string> QueryTexts(QuoteStore* store, const QuoteQuery& query);

// Reads at most "limit" quotes after "cursor" into *page and the cursor of
// the last one into *next (unchanged when the page is empty).
Status ReadPage(QuoteStore* store, const QuoteQuery& query,
                const std::string& cursor, size_t limit,
                std::vector<Quote>* page, std::string* next);

// The quotes of "query" read page by page (ReadPage), "limit" a page, each
// page resumed from the cursor of the one before, at most "max_pages"
// pages; ADD_FAILURE on an error or a page of more than "limit".
std::vector<Quote> ReadAllPages(QuoteStore* store, const QuoteQuery& query,
                                size_t limit, int max_pages);

}  // namespace testing_util
}  // namespace quotes

#endif  // TESTS_STORE_TEST_UTIL_H_
