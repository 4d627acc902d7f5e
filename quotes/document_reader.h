// Copyright The Quote Tracker Authors.
//
// DocumentReader: reads news documents from a file or stdin, streaming, as
// Document records for the extractor and the store.
//
// Two input formats:
//   JSON Lines  one JSON object a line: "doc_id", "text", and optionally
//               "url", "title", "outlet", "published".  The corpus names
//               "date" and "publication_date" are read as "published", and
//               "publisher" as "outlet".  Other fields are ignored.  Blank
//               lines are skipped.
//   plain text  the whole input is one document whose id is the path as
//               given ("stdin" for standard input).
// The format is JSON Lines when the name ends in ".jsonl" or ".json", or
// when the first non-space byte of the input is '{'; plain text otherwise.
// Compressed input is refused (gzip is recognised and named: gunzip first).
//
// JSON Lines are read one line at a time: memory holds one line, never the
// whole input.  A bad line is reported as "FILE:LINE: message" and reading
// goes on with the next line.  Errors that end the input (missing file, a
// directory, a read error, binary input) are reported once, as the last
// record.
//
//   std::unique_ptr<DocumentReader> reader;
//   Status s = DocumentReader::Open("news.jsonl", {}, &reader);
//   Document doc;
//   while (s.ok() && reader->Next(&doc, &s)) {
//     if (s.ok()) Use(doc); else Report(s), s = Status::OK();
//   }
//   if (!s.ok()) Report(s);  // an error that ended the input
//
// Thread safety: a DocumentReader is not thread-safe.  ParseRecord is a pure
// function and may run in several threads at once, so callers may split
// lines in one thread (NextRecord) and parse them in others.

#ifndef QUOTES_DOCUMENT_READER_H_
#define QUOTES_DOCUMENT_READER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "proto/quote.pb.h"
#include "quotes/status.h"

namespace quotes {

// The default limit on one JSON line or one plain-text document: 64 MiB.
inline constexpr size_t kDefaultMaxRecordBytes = size_t{64} << 20;

// One unparsed input record: a JSON line, or a whole plain-text document.
struct DocumentRecord {
  enum class Kind { kJsonLine, kPlainText };
  Kind kind = Kind::kJsonLine;
  // The input's name as given to Open ("-" reads as "stdin").
  std::string source;
  // One-based line number of a JSON line; 0 for plain text.
  uint64_t line = 0;
  // The line (without its newline) or the document text.
  std::string data;
  // Set when the record could not be read whole (too long, NUL bytes):
  // ParseRecord returns it instead of parsing.  "data" is then empty.
  Status error;
};

class DocumentReader {
 public:
  enum class Format {
    // By name, then by the first non-space byte (see the file comment).
    kAuto,
    kJsonLines,
    kPlainText,
  };

  struct Options {
    Format format = Format::kAuto;
    // The longest JSON line, or plain-text document, in bytes.  A longer
    // line is skipped with ResourceExhausted (reading goes on); a longer
    // plain-text document is refused.  Memory use peaks at about this much
    // plus the parsed document.
    size_t max_record_bytes = kDefaultMaxRecordBytes;
  };

  // Opens "path" ("-": standard input).  On success stores the reader in
  // *reader and returns OK.  On failure leaves *reader empty and returns
  // IOError naming the path (missing, unreadable, a directory) or
  // NotSupported (gzip-compressed input).
  static Status Open(const std::string& path, const Options& options,
                     std::unique_ptr<DocumentReader>* reader);

  ~DocumentReader();
  DocumentReader(const DocumentReader&) = delete;
  DocumentReader& operator=(const DocumentReader&) = delete;

  // Reads the next record into *record.  Returns false at the end of the
  // input, or after an error that ended it (*status then says which; at a
  // clean end *status is OK).  Returns true with *status OK after each
  // record: its "error" may still be set for a line that was too long.
  // Empty input (no record at all) ends with InvalidArgument.  Plain text
  // with a NUL byte (binary input) ends with InvalidArgument, and a plain
  // text over Options::max_record_bytes with ResourceExhausted, both
  // without a record.
  bool NextRecord(DocumentRecord* record, Status* status);

  // NextRecord then ParseRecord: returns true after each record, with
  // *status OK and *doc filled, or with *status naming the bad record
  // (reading may go on); false as NextRecord.
  bool Next(Document* doc, Status* status);

  // The resolved format: JSON Lines or plain text (after Open, never kAuto).
  Format format() const { return format_; }
  // The name used in messages: the path, or "stdin".
  const std::string& name() const { return name_; }
  // Bytes consumed so far, for progress reports.
  uint64_t bytes_read() const { return bytes_read_; }
  // True when the next NextRecord may wait for its input: a pipe or a
  // terminal with no whole line buffered.  Callers that batch records hand
  // on what they hold before such a wait, so a slow stream is not delayed.
  bool NextMayWait() const;

 private:
  class Input;
  DocumentReader(std::unique_ptr<Input> input, std::string name, Format format,
                 const Options& options);
  bool NextJsonLine(DocumentRecord* record, Status* status);
  bool NextPlainText(DocumentRecord* record, Status* status);

  std::unique_ptr<Input> input_;
  const std::string name_;
  const Format format_;
  const Options options_;
  uint64_t line_ = 0;
  uint64_t records_ = 0;
  uint64_t bytes_read_ = 0;
  bool done_ = false;
};

// Parses "record" into *doc (cleared first).  Returns OK, or the record's
// own error, or InvalidArgument whose message starts with "FILE:LINE: " for:
// malformed JSON, a value that is not an object, invalid UTF-8, a NUL
// byte, a missing, empty or non-string "text".  A missing "doc_id" becomes
// "FILE:LINE"; a numeric one is printed as a number.  Other fields of the
// wrong type (null, a number) are treated as absent.  "published" is normalised
// by NormalizeDate; a date that cannot be read is left empty (never guessed).
// JSON lines are read by simdjson when they hold the usual flat object of
// string fields, and by protobuf's JSON parser otherwise, which also names
// what is wrong with a bad line; both give the same document.
Status ParseRecord(const DocumentRecord& record, Document* doc);

namespace reader_internal {
// ParseRecord with protobuf's JSON parser for every JSON line: the
// reference its fast path must agree with (tests and the jsonl fuzzer
// compare the two).
Status ParseRecordWithProtobuf(const DocumentRecord& record, Document* doc);
}  // namespace reader_internal

// Normalises a publication date to RFC 3339.  Reads RFC 3339 and ISO 8601
// ("2019-05-03", "2019-05-03T10:00:00Z", "2019-05-03T12:00:00+02:00",
// "2019-05-03 10:00"), "2019/05/03", "20190503", RFC 2822 ("Fri, 03 May
// 2019 10:00:00 +0000") and written dates ("May 3, 2019", "3 May 2019",
// "Friday, May 3, 2019").  A date-time with a zone becomes UTC
// ("2019-05-03T10:00:00Z"); one without a zone keeps only its date, since
// its instant is unknown.  On success stores the result in *out and returns
// true; otherwise (ambiguous "03/05/2019", impossible dates, anything
// else) leaves *out unchanged and returns false.
bool NormalizeDate(std::string_view in, std::string* out);

// The byte offset of the first invalid UTF-8 sequence in "text", or
// std::string_view::npos when "text" is valid UTF-8 (overlong forms and
// surrogates are invalid).
size_t FindInvalidUtf8(std::string_view text);

}  // namespace quotes

#endif  // QUOTES_DOCUMENT_READER_H_
