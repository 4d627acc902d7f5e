// Copyright The Quote Tracker Authors.
//
// Output of the `quotes` command: a buffered writer over a file descriptor
// (or a string, for tests), the evaluation-contract line, and the human
// renderings of quotes, speakers and sources.
//
// The contract line (`quotes extract --jsonl`) is written by hand rather
// than through protobuf's JSON printer: it is the hot path of bulk
// extraction, and its field names and null conventions are fixed by tools
// outside the project (see README.md, "The evaluation contract").
//
// Thread safety: an Output is not thread-safe; the formatting functions
// are pure and may run in several threads at once.

#ifndef CLI_OUTPUT_H_
#define CLI_OUTPUT_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "proto/quote.pb.h"
#include "quotes/status.h"

namespace quotes {

// A buffered writer.  After the first failed write every later write is
// dropped and failed() stays true, so callers may write a whole result and
// check once.  The destructor flushes.
class Output {
 public:
  // Writes to "fd" (not owned, never closed).  "name" names it in errors
  // ("stdout").
  Output(int fd, std::string name, size_t buffer_bytes = size_t{1} << 16);
  // Collects everything written in captured(), for tests.
  Output();
  ~Output();
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  void Write(std::string_view data);
  // Writes the buffer out.  Returns !failed().
  bool Flush();

  bool failed() const { return error_ != 0; }
  // The reader of a pipe went away (EPIPE): the user stopped reading, which
  // is not an error (`quotes query ... | head`).
  bool broken_pipe() const;
  // OK, or IOError naming the output and the system error.
  Status status() const;
  // Everything written, when built with Output().
  const std::string& captured() const { return buffer_; }

 private:
  bool WriteFd(std::string_view data);

  const int fd_;
  const std::string name_;
  const size_t buffer_bytes_;
  std::string buffer_;
  int error_ = 0;
};

// Appends "s" to *out as a JSON string with its quotes: '"', '\\' and
// control characters escaped, and every byte of invalid UTF-8 replaced by
// U+FFFD (offsets elsewhere still count the original bytes).
void AppendJsonString(std::string_view s, std::string* out);

// "direct", "indirect", "mixed"; "" for KIND_UNSPECIFIED.
const char* KindName(QuoteKind kind);
// "person", "organization"; "" when unspecified.
const char* SpeakerTypeName(SpeakerType type);
// "name", "pronoun", "description", "unresolved", "continuation"; "".
const char* ResolutionName(Resolution resolution);

// Appends one line (with its '\n') of the evaluation contract for "quote",
// found in the document "doc_id":
//   {"doc_id", "quote_start", "quote_end", "kind", "speaker",
//    "speaker_start", "speaker_end", "cue", "cue_start", "cue_end",
//    "confidence", "role", "speaker_type", "resolution", "rule",
//    "addressee", "text"}
// Offsets are those of sources(0).  "speaker" is null when the name is
// empty; a span that is absent (start == end == 0) prints as nulls; empty
// strings and unspecified enums print as null.
void AppendContractLine(const std::string& doc_id, const Quote& quote,
                        std::string* out);

// Appends the human rendering of a freshly extracted quote (extract
// without --jsonl): the quote, then speaker, role, cue, kind and rule.
void AppendExtractedText(const Quote& quote, std::string* out);

// Appends the human rendering of a stored quote (query): the quote, its
// speaker with role, the first source's outlet, date and url (or doc id),
// the number of other sources, and the id for `quotes show`.
void AppendQuoteSummary(const Quote& quote, std::string* out);

// Appends every field of a stored quote and each of its sources with the
// sentence around it (show).
void AppendQuoteDetail(const Quote& quote, std::string* out);

// Appends a speaker with its type, quote count, roles and aliases.
void AppendSpeakerText(const Speaker& speaker, std::string* out);

// Appends "message" as protobuf JSON (field names as in quote.proto) on
// one line, without its '\n'.  Returns false if protobuf refuses it.
bool AppendMessageJson(const google::protobuf::Message& message,
                       std::string* out);

}  // namespace quotes

#endif  // CLI_OUTPUT_H_
