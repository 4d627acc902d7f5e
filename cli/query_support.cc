// Copyright The Quote Tracker Authors.

#include "cli/query_support.h"

#include <algorithm>

#include "quotes/document_reader.h"

namespace quotes {

namespace {

// "2024" or "2024-03": whole years and months, which the store reads as
// bounds but a publication date never is.
bool IsYearOrMonth(const std::string& v) {
  auto digits = [&v](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      if (v[i] < '0' || v[i] > '9') return false;
    }
    return true;
  };
  if (v.size() == 4) return digits(0, 4);
  return v.size() == 7 && digits(0, 4) && v[4] == '-' && digits(5, 7) &&
         v.compare(5, 2, "01") >= 0 && v.compare(5, 2, "12") <= 0;
}

Status ReadDate(const std::string& name, const std::string& value,
                std::string* out) {
  if (value.empty()) return Status::OK();
  if (IsYearOrMonth(value)) {
    *out = value;
  } else if (!NormalizeDate(value, out)) {
    return Status::InvalidArgument(
        name, "cannot read the date '" + value +
                  "' (use 2019, 2019-05, 2019-05-03, 2019-05-03T10:00:00Z or "
                  "May 3, 2019)");
  }
  return Status::OK();
}

// The sentence or two around [start, end) of "text", when the extractor
// stored no context: cut at paragraph breaks and sentence ends, at most
// kReach bytes each way, never inside a UTF-8 sequence.
std::string ContextAround(const std::string& text, size_t start, size_t end) {
  constexpr size_t kReach = 300;
  start = std::min(start, text.size());
  end = std::min(std::max(end, start), text.size());
  size_t from = start > kReach ? start - kReach : 0;
  for (size_t i = start; i > from; --i) {
    char c = text[i - 1];
    if (c == '\n' ||
        ((c == '.' || c == '!' || c == '?') && i < start && text[i] == ' ')) {
      from = i;
      break;
    }
  }
  size_t to = std::min(text.size(), end + kReach);
  for (size_t i = end; i < to; ++i) {
    char c = text[i];
    if (c == '\n') {
      to = i;
      break;
    }
    if ((c == '.' || c == '!' || c == '?') &&
        (i + 1 == text.size() || text[i + 1] == ' ' || text[i + 1] == '\n')) {
      to = i + 1;
      break;
    }
  }
  auto on_boundary = [&text](size_t i) {
    return i >= text.size() ||
           (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  };
  while (!on_boundary(from)) ++from;
  while (!on_boundary(to)) --to;
  while (from < to && text[from] == ' ') ++from;
  return text.substr(from, to - from);
}

}  // namespace

Status BuildQuoteQuery(const QueryFilters& filters, const std::string& prefix,
                       QuoteQuery* query) {
  query->speaker = filters.speaker;
  query->words = filters.words;
  query->outlet = filters.outlet;
  query->oldest_first = filters.oldest_first;
  QUOTES_RETURN_IF_ERROR(
      ReadDate(prefix + "since", filters.since, &query->since));
  QUOTES_RETURN_IF_ERROR(
      ReadDate(prefix + "until", filters.until, &query->until));
  if (filters.kind == "direct") {
    query->kind = DIRECT;
  } else if (filters.kind == "indirect") {
    query->kind = INDIRECT;
  } else if (filters.kind == "mixed") {
    query->kind = MIXED;
  } else if (!filters.kind.empty()) {
    return Status::InvalidArgument(prefix + "kind",
                                   "use direct, indirect or mixed");
  }
  return Status::OK();
}

void FillMissingContexts(QuoteStore* store, Quote* quote) {
  for (Source& source : *quote->mutable_sources()) {
    Document doc;
    if (!source.context().empty() ||
        !store->GetDocument(source.doc_id(), &doc).ok()) {
      continue;
    }
    source.set_context(ContextAround(doc.text(), source.content().start(),
                                     source.content().end()));
  }
}

}  // namespace quotes
