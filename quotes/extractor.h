// Copyright The Quote Tracker Authors.
//
// Extractor: finds direct quotes and reported speech in a news document and
// ties each to its speaker.
//
// The attribution rules are data (quotes/rules.textproto, compiled into the
// binary; another catalogue can be loaded from a file).  Create() parses and
// checks every rule once; Extract() then runs them over each document.
//
// Thread safety: an Extractor is immutable after Create(); Extract() may be
// called from several threads at once.

#ifndef QUOTES_EXTRACTOR_H_
#define QUOTES_EXTRACTOR_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "proto/quote.pb.h"
#include "quotes/status.h"

namespace quotes {

// Version of the extraction engine, recorded in every quote.
extern const char kExtractorVersion[];

class Extractor {
 public:
  struct Options {
    // A rule catalogue in text format (see quotes/rules.textproto).  Empty:
    // the catalogue built into the binary.
    std::string rules_path;
    // Documents longer than this are refused with ResourceExhausted.
    size_t max_document_bytes = 64 << 20;
    // The longest context (the sentences around a quote) kept in each
    // quote's source, bytes; 0 keeps none, which saves memory and time
    // when nobody reads it (the evaluation contract does not).
    size_t max_context_bytes = 600;
  };

  // Builds an extractor.  On success stores it in *extractor and returns
  // OK; on failure leaves *extractor empty and returns InvalidArgument
  // naming the bad rule (or IOError when the rules file cannot be read).
  static Status Create(const Options& options,
                       std::unique_ptr<Extractor>* extractor);

  virtual ~Extractor() = default;

  // Appends to *quotes the quotes of "doc", in text order.  Each has one
  // source carrying the document's id, url, title, outlet and date and the
  // UTF-8 byte offsets of content, speaker mention and cue in doc.text();
  // ids and speaker ids are left empty (the store assigns them).  Any
  // bytes are accepted (invalid UTF-8 never shifts offsets).  Returns
  // ResourceExhausted for a document over Options::max_document_bytes.
  virtual Status Extract(const Document& doc,
                         std::vector<Quote>* quotes) const = 0;
};

}  // namespace quotes

#endif  // QUOTES_EXTRACTOR_H_
