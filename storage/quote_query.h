// Copyright The Quote Tracker Authors.
//
// A QuoteQuery checked and normalised: the words and phrases split out of
// QuoteQuery::words, the dates turned into seconds, the cursor decoded.
// MatchesQuery tests a stored record against it; the scan (quote_scan.h)
// applies the date bounds through its key range.

#ifndef STORAGE_QUOTE_QUERY_H_
#define STORAGE_QUOTE_QUERY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "proto/quote.pb.h"
#include "quotes/status.h"
#include "storage/quote_store.h"

namespace quotes {

struct ParsedQuery {
  // The name as given; empty: any speaker.
  std::string speaker;
  // The ids "speaker" designates (filled by the planner).
  std::vector<std::string> speaker_ids;
  // Every word that must occur, phrases' words included; sorted, unique.
  std::vector<std::string> words;
  // Phrases of two or more words, each a run of words that must occur in
  // this order with nothing between.
  std::vector<std::vector<std::string>> phrases;
  // NormalizeOutlet of the outlet; empty: any.
  std::string outlet;
  QuoteKind kind = KIND_UNSPECIFIED;
  // Inclusive bounds in seconds since the epoch; nullopt: unbounded.
  std::optional<int64_t> since;
  std::optional<int64_t> until;
  bool oldest_first = false;
  // The sort key the cursor points at (see storage/keys.h); empty: start
  // from the beginning.
  std::string resume_after;
};

// Checks and normalises "query" and "cursor" into *parsed.  InvalidArgument
// for a bad date, an empty or unterminated phrase, words without a letter
// or digit ("!!!": no words to search for), a speaker name without letters
// or digits, or a cursor that is not one this store made.
Status ParseQuery(const QuoteQuery& query, const std::string& cursor,
                  ParsedQuery* parsed);

// True iff "quote" passes the speaker, word, phrase, outlet and kind
// filters of "query".  Dates are left to the scan's key range.
bool MatchesQuery(const ParsedQuery& query, const Quote& quote);

// The alias keys a speaker name given in a query looks up: the name
// without titles, and as written (for organisations).  Never empty keys.
std::vector<std::string> QueryAliasKeys(std::string_view name);

}  // namespace quotes

#endif  // STORAGE_QUOTE_QUERY_H_
