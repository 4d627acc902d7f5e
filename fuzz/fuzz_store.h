// Copyright The Quote Tracker Authors.
//
// The small store of the store fuzzers: a few documents whose quotes
// cover every key space (speakers with aliases, an organisation, an
// unknown speaker, a quote two outlets share, an undated document).

#ifndef FUZZ_FUZZ_STORE_H_
#define FUZZ_FUZZ_STORE_H_

#include <string>
#include <vector>

#include "proto/quote.pb.h"
#include "quotes/status.h"
#include "storage/quote_store.h"

namespace quotes {

struct FuzzDocument {
  Document doc;
  std::vector<Quote> quotes;
};

// The documents, the same on every call.
const std::vector<FuzzDocument>& FuzzDocuments();

// Adds every document of FuzzDocuments() to "store".
Status FillFuzzStore(QuoteStore* store);

}  // namespace quotes

#endif  // FUZZ_FUZZ_STORE_H_
