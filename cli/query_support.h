// Copyright The Quote Tracker Authors.
//
// Reading the store for people, shared by the commands that query it
// (query, export, show) and by `quotes serve`: query filters as people
// write them, and the sentence around a quote when its record lacks it.
//
// Thread safety: the functions may run in several threads at once.

#ifndef CLI_QUERY_SUPPORT_H_
#define CLI_QUERY_SUPPORT_H_

#include <string>

#include "proto/quote.pb.h"
#include "quotes/status.h"
#include "storage/quote_store.h"

namespace quotes {

// Query filters as given on a command line or in a URL.
struct QueryFilters {
  std::string speaker;
  std::string words;
  // 2024, 2024-03, 2024-03-04, 2024-03-04T10:00:00Z, March 4, 2024...
  std::string since;
  std::string until;
  std::string outlet;
  // direct, indirect, mixed; empty: any.
  std::string kind;
  bool oldest_first = false;
};

// Fills *query from "filters": dates are normalised (whole years and
// months are kept as such, which the store reads as bounds), the kind is
// read.  Returns InvalidArgument naming the filter as "prefix" + its name
// ("--since" on the command line, "since" in a URL) for a date that cannot
// be read or an unknown kind; *query is then partly filled.
Status BuildQuoteQuery(const QueryFilters& filters, const std::string& prefix,
                       QuoteQuery* query);

// Gives each source of *quote that has no context the sentence or two
// around the quote, cut from the stored document (older records, or an
// extractor that leaves it out).  Sources whose document cannot be read
// are left as they are.
void FillMissingContexts(QuoteStore* store, Quote* quote);

}  // namespace quotes

#endif  // CLI_QUERY_SUPPORT_H_
