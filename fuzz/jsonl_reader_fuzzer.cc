// Copyright The Quote Tracker Authors.
//
// The document reader over any bytes.  The first byte picks the format
// (auto, JSON Lines, plain text) and the record limit (the default, or a
// few bytes to reach the too-long paths); the rest is the input, read
// through a memory file as `quotes` reads a real one.  Every record ends
// in a document or a located error of a documented kind, and every
// document is fit to store: a non-empty id and text, valid UTF-8 in every
// field (a stored string that is not UTF-8 would not parse back), a date
// that is empty or normalised, an id without a 0 byte (an escaped NUL is
// a bad line: EscapedNulInDocIdIsABadLine in tests/findings_test.cc).
// The reader's fast path and its protobuf path agree on every record.

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "fuzz/fuzz_check.h"
#include "proto/quote.pb.h"
#include "quotes/document_reader.h"
#include "quotes/utf8.h"

namespace quotes {
namespace {

bool IsDigits(const std::string& s, size_t from, size_t to) {
  for (size_t i = from; i < to; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

// "2024-03-04" or "2024-03-04T10:00:00Z".
bool IsNormalisedDate(const std::string& d) {
  const bool date = d.size() >= 10 && IsDigits(d, 0, 4) && d[4] == '-' &&
                    IsDigits(d, 5, 7) && d[7] == '-' && IsDigits(d, 8, 10);
  if (!date || d.size() == 10) return date;
  return d.size() == 20 && d[10] == 'T' && IsDigits(d, 11, 13) &&
         d[13] == ':' && IsDigits(d, 14, 16) && d[16] == ':' &&
         IsDigits(d, 17, 19) && d[19] == 'Z';
}

void CheckDocument(const Document& doc) {
  FUZZ_CHECK(!doc.doc_id().empty(), "empty doc_id");
  FUZZ_CHECK(doc.doc_id().find('\0') == std::string::npos,
             "doc_id holds a 0 byte");
  FUZZ_CHECK(!doc.text().empty(), "empty text");
  for (const std::string* s : {&doc.doc_id(), &doc.text(), &doc.url(),
                               &doc.title(), &doc.outlet(), &doc.published()}) {
    FUZZ_CHECK(IsValidUtf8(*s), "invalid UTF-8 in a field of %s",
               doc.doc_id().c_str());
  }
  if (!doc.published().empty()) {
    FUZZ_CHECK(IsNormalisedDate(doc.published()), "published \"%s\"",
               doc.published().c_str());
    std::string again;
    FUZZ_CHECK(
        NormalizeDate(doc.published(), &again) && again == doc.published(),
        "\"%s\" normalises to \"%s\"", doc.published().c_str(), again.c_str());
  }
}

void CheckRecordError(const Status& s, const DocumentRecord& record) {
  FUZZ_CHECK(
      s.IsInvalidArgument() || s.code() == Status::Code::kResourceExhausted,
      "record error %s", s.ToString().c_str());
  FUZZ_CHECK(s.message().compare(0, record.source.size(), record.source) == 0,
             "\"%s\" does not name the input", s.ToString().c_str());
}

}  // namespace
}  // namespace quotes

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace quotes;
  if (size == 0) return 0;
  DocumentReader::Options options;
  const DocumentReader::Format formats[] = {DocumentReader::Format::kAuto,
                                            DocumentReader::Format::kJsonLines,
                                            DocumentReader::Format::kPlainText};
  options.format = formats[data[0] % 3];
  if (data[0] & 0x80) options.max_record_bytes = 1 + (data[0] >> 2) % 32;
  const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  FUZZ_CHECK(
      (FindInvalidUtf8(input) == std::string::npos) == IsValidUtf8(input),
      "FindInvalidUtf8 and IsValidUtf8 disagree");

  const int fd = memfd_create("fuzz-input", 0);
  FUZZ_CHECK(fd >= 0, "memfd_create");
  FUZZ_CHECK(write(fd, input.data(), input.size()) ==
                 static_cast<ssize_t>(input.size()),
             "write");
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  std::unique_ptr<DocumentReader> reader;
  Status s = DocumentReader::Open(path, options, &reader);
  if (!s.ok()) {
    FUZZ_CHECK(s.code() == Status::Code::kNotSupported || s.IsIOError(),
               "Open: %s", s.ToString().c_str());
    close(fd);
    return 0;
  }
  DocumentRecord record;
  size_t records = 0;
  while (reader->NextRecord(&record, &s)) {
    FUZZ_CHECK(s.ok(), "NextRecord returned true with %s",
               s.ToString().c_str());
    ++records;
    FUZZ_CHECK(records <= input.size() + 1, "%zu records", records);
    FUZZ_CHECK(record.error.ok() || record.data.empty(),
               "an error record holds data");
    FUZZ_CHECK(record.data.size() <= options.max_record_bytes,
               "a %zu-byte record over the %zu limit", record.data.size(),
               options.max_record_bytes);
    Document doc;
    const Status parsed = ParseRecord(record, &doc);
    // The fast path (simdjson) reads a line exactly as protobuf's parser
    // does, or leaves it to it.
    Document reference;
    const Status expected =
        reader_internal::ParseRecordWithProtobuf(record, &reference);
    FUZZ_CHECK(parsed.ToString() == expected.ToString(),
               "fast path \"%s\", protobuf path \"%s\"",
               parsed.ToString().c_str(), expected.ToString().c_str());
    FUZZ_CHECK(doc.SerializeAsString() == reference.SerializeAsString(),
               "the two paths read different documents");
    if (parsed.ok()) {
      CheckDocument(doc);
    } else {
      CheckRecordError(parsed, record);
    }
    record = DocumentRecord();
  }
  FUZZ_CHECK(s.ok() || s.IsInvalidArgument() ||
                 s.code() == Status::Code::kResourceExhausted || s.IsIOError(),
             "end of input: %s", s.ToString().c_str());
  close(fd);
  return 0;
}
