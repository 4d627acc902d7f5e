// Copyright The Quote Tracker Authors.
//
// The extractor over any bytes (the whole input is a document's text).
// Extract() must succeed (ResourceExhausted only past the size limit) in
// bounded time, and every quote must honour quotes/extractor.h: one
// source carrying the document's id, offsets inside the text, quotes in
// text order, valid UTF-8 strings, a known kind and a confidence in
// [0, 1]; for valid UTF-8 input, the quote's text and cue are the text at
// their offsets.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fuzz/fuzz_check.h"
#include "proto/quote.pb.h"
#include "quotes/extractor.h"
#include "quotes/utf8.h"

namespace quotes {
namespace {

const Extractor& TheExtractor() {
  static const Extractor* const extractor = [] {
    std::unique_ptr<Extractor> made;
    const Status s = Extractor::Create(Extractor::Options(), &made);
    FUZZ_CHECK(s.ok(), "%s", s.ToString().c_str());
    return made.release();
  }();
  return *extractor;
}

void CheckSpan(const Span& span, size_t size, const char* what) {
  FUZZ_CHECK(span.start() <= span.end() && span.end() <= size,
             "%s span [%u, %u) of a %zu-byte text", what, span.start(),
             span.end(), size);
}

std::string At(const std::string& text, const Span& span) {
  return text.substr(span.start(), span.end() - span.start());
}

void CheckQuote(const Quote& q, const std::string& text, bool valid_utf8,
                uint32_t* last_start) {
  FUZZ_CHECK(q.sources_size() == 1, "%d sources", q.sources_size());
  const Source& source = q.sources(0);
  FUZZ_CHECK(source.doc_id() == "fuzz", "doc_id %s", source.doc_id().c_str());
  CheckSpan(source.content(), text.size(), "content");
  CheckSpan(source.speaker(), text.size(), "speaker");
  CheckSpan(source.cue(), text.size(), "cue");
  FUZZ_CHECK(source.content().start() >= *last_start,
             "quote at %u after one at %u", source.content().start(),
             *last_start);
  *last_start = source.content().start();
  FUZZ_CHECK(q.kind() == DIRECT || q.kind() == INDIRECT || q.kind() == MIXED,
             "kind %d", q.kind());
  FUZZ_CHECK(q.confidence() >= 0 && q.confidence() <= 1, "confidence %f",
             q.confidence());
  for (const std::string* s :
       {&q.text(), &q.cue(), &q.speaker().name(), &q.speaker().mention(),
        &q.speaker().role(), &q.addressee(), &source.context()}) {
    FUZZ_CHECK(IsValidUtf8(*s), "invalid UTF-8 in a quote field");
  }
  if (!valid_utf8) return;
  FUZZ_CHECK(q.text() == At(text, source.content()),
             "text \"%s\" is not the content at [%u, %u)", q.text().c_str(),
             source.content().start(), source.content().end());
  if (source.cue().end() > source.cue().start()) {
    FUZZ_CHECK(q.cue() == At(text, source.cue()),
               "cue \"%s\" is not the text at its offsets", q.cue().c_str());
  }
}

}  // namespace
}  // namespace quotes

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace quotes;
  Document doc;
  doc.set_doc_id("fuzz");
  doc.set_text(std::string(reinterpret_cast<const char*>(data), size));
  std::vector<Quote> quotes;
  const Status s = TheExtractor().Extract(doc, &quotes);
  FUZZ_CHECK(s.ok(), "Extract: %s", s.ToString().c_str());
  const bool valid = IsValidUtf8(doc.text());
  uint32_t last_start = 0;
  for (const Quote& q : quotes) CheckQuote(q, doc.text(), valid, &last_start);
  return 0;
}
