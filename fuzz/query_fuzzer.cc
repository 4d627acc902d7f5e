// Copyright The Quote Tracker Authors.
//
// Any query on a small in-memory store.  The input is split at 0x1F (the
// unit separator) into speaker, words, since, until, outlet, cursor and a
// last field whose first byte picks the kind, the order and a page size.
// NewQuoteIterator accepts the query or refuses it with InvalidArgument;
// an accepted query yields quotes in sort-key order without duplicates,
// and its cursors resume exactly after the quote they were taken at.
// Speaker lookups by the same name succeed too.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_check.h"
#include "fuzz/fuzz_store.h"
#include "leveldb/env.h"
#include "leveldb/helpers/memenv.h"
#include "storage/quote_store.h"

namespace quotes {
namespace {

QuoteStore& TheStore() {
  static QuoteStore* const store = [] {
    static leveldb::Env* const env =
        leveldb::NewMemEnv(leveldb::Env::Default());
    QuoteStore::Options options;
    options.env = env;
    std::unique_ptr<QuoteStore> made;
    Status s = QuoteStore::Open(options, "/fuzz-store", &made);
    if (s.ok()) s = FillFuzzStore(made.get());
    FUZZ_CHECK(s.ok(), "%s", s.ToString().c_str());
    return made.release();
  }();
  return *store;
}

std::vector<std::string> Fields(std::string_view input, size_t n) {
  std::vector<std::string> fields;
  while (fields.size() + 1 < n) {
    const size_t cut = input.find('\x1f');
    if (cut == std::string_view::npos) break;
    fields.emplace_back(input.substr(0, cut));
    input.remove_prefix(cut + 1);
  }
  fields.emplace_back(input);
  fields.resize(n);
  return fields;
}

// Runs the query to its end (at most "limit" quotes); the cursors in
// *cursors, the ids in *ids.
Status Collect(const QuoteQuery& query, const std::string& cursor, size_t limit,
               std::vector<std::string>* cursors,
               std::vector<std::string>* ids) {
  std::unique_ptr<QuoteIterator> it;
  QUOTES_RETURN_IF_ERROR(TheStore().NewQuoteIterator(query, cursor, &it));
  for (; it->Valid() && ids->size() < limit; it->Next()) {
    cursors->push_back(it->cursor());
    ids->push_back(it->quote().id());
  }
  return it->status();
}

}  // namespace
}  // namespace quotes

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace quotes;
  const std::vector<std::string> f =
      Fields(std::string_view(reinterpret_cast<const char*>(data), size), 7);
  QuoteQuery query;
  query.speaker = f[0];
  query.words = f[1];
  query.since = f[2];
  query.until = f[3];
  query.outlet = f[4];
  const std::string& cursor = f[5];
  const uint8_t knobs = f[6].empty() ? 0 : f[6][0];
  const QuoteKind kinds[] = {KIND_UNSPECIFIED, DIRECT, INDIRECT, MIXED};
  query.kind = kinds[knobs % 4];
  query.oldest_first = knobs & 4;

  std::vector<std::string> cursors, ids;
  Status s = Collect(query, cursor, 100, &cursors, &ids);
  FUZZ_CHECK(s.ok() || s.IsInvalidArgument(), "query: %s",
             s.ToString().c_str());
  if (s.ok()) {
    FUZZ_CHECK(
        std::set<std::string>(ids.begin(), ids.end()).size() == ids.size(),
        "a quote twice");
    for (size_t i = 1; i < cursors.size(); ++i) {
      // A cursor is the hex of the sort key: hex keeps the byte order.
      FUZZ_CHECK(query.oldest_first ? cursors[i - 1] > cursors[i]
                                    : cursors[i - 1] < cursors[i],
                 "quotes out of order");
    }
    // Each page resumes after its cursor: the rest, the same.
    const size_t at = (knobs >> 3) % (cursors.size() + 1);
    if (at < cursors.size()) {
      std::vector<std::string> rest_cursors, rest;
      s = Collect(query, cursors[at], 100, &rest_cursors, &rest);
      FUZZ_CHECK(s.ok(), "resume: %s", s.ToString().c_str());
      FUZZ_CHECK(
          rest == std::vector<std::string>(ids.begin() + at + 1, ids.end()),
          "resuming after quote %zu of %zu gives %zu quotes", at, ids.size(),
          rest.size());
    }
  }
  std::vector<Speaker> speakers;
  s = TheStore().FindSpeakers(query.speaker, &speakers);
  FUZZ_CHECK(s.ok(), "FindSpeakers: %s", s.ToString().c_str());
  s = TheStore().ForEachSpeaker(query.speaker,
                                [](const Speaker&) { return true; });
  FUZZ_CHECK(s.ok(), "ForEachSpeaker: %s", s.ToString().c_str());
  return 0;
}
