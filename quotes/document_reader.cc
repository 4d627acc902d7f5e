// Copyright The Quote Tracker Authors.

#include "quotes/document_reader.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <utility>
#include <vector>

#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "quotes/document_input.pb.h"
#include "quotes/utf8.h"
#include "simdjson.h"

namespace quotes {

namespace {

// Reads are this large: big enough that a 50 MB line takes few syscalls,
// small enough to stay out of the way of the documents themselves.
constexpr size_t kReadChunk = size_t{1} << 20;

std::string ErrnoMessage(int err) { return std::strerror(err); }

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

size_t FirstNonSpace(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && IsSpace(s[i])) ++i;
  return i;
}

// The first line of a protobuf error message: its later lines repeat the
// input with a caret under the error, which would print the whole document.
std::string FirstLine(std::string_view message) {
  size_t nl = message.find('\n');
  std::string_view line = message.substr(0, nl);
  while (!line.empty() && IsSpace(line.back())) line.remove_suffix(1);
  return std::string(line);
}

}  // namespace

// A buffered read-only file descriptor.  The buffer holds at most one chunk,
// so memory stays flat however long the input is.
class DocumentReader::Input {
 public:
  Input(int fd, bool owned) : fd_(fd), owned_(owned), buffer_(kReadChunk) {}
  ~Input() {
    if (owned_) close(fd_);
  }

  // The unconsumed bytes of the buffer.
  std::string_view available() const {
    return std::string_view(buffer_.data() + pos_, end_ - pos_);
  }
  void Consume(size_t n) { pos_ += n; }

  // Refills an empty buffer.  Returns false at the end of the input or on a
  // read error (then error() is set).
  bool Fill() {
    if (pos_ < end_) return true;
    pos_ = end_ = 0;
    while (!eof_) {
      ssize_t n = read(fd_, buffer_.data(), buffer_.size());
      if (n > 0) {
        end_ = static_cast<size_t>(n);
        return true;
      }
      if (n == 0) {
        eof_ = true;
      } else if (errno != EINTR) {
        error_ = errno;
        eof_ = true;
      }
    }
    return false;
  }

  int error() const { return error_; }
  bool eof() const { return eof_; }
  // A regular file never keeps a reader waiting.
  bool regular() const { return regular_; }
  void set_regular(bool regular) { regular_ = regular; }

 private:
  const int fd_;
  const bool owned_;
  std::vector<char> buffer_;
  size_t pos_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  bool regular_ = false;
  int error_ = 0;
};

DocumentReader::DocumentReader(std::unique_ptr<Input> input, std::string name,
                               Format format, const Options& options)
    : input_(std::move(input)),
      name_(std::move(name)),
      format_(format),
      options_(options) {}

DocumentReader::~DocumentReader() = default;

Status DocumentReader::Open(const std::string& path, const Options& options,
                            std::unique_ptr<DocumentReader>* reader) {
  reader->reset();
  const bool is_stdin = path == "-";
  const std::string name = is_stdin ? "stdin" : path;
  int fd = 0;
  if (!is_stdin) {
    fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Status::IOError(name, ErrnoMessage(errno));
  }
  auto input = std::make_unique<Input>(fd, /*owned=*/!is_stdin);
  struct stat st;
  if (fstat(fd, &st) != 0) return Status::IOError(name, ErrnoMessage(errno));
  if (S_ISDIR(st.st_mode)) {
    return Status::IOError(name, "is a directory");
  }
  input->set_regular(S_ISREG(st.st_mode));
  // The first chunk decides the format and catches compressed input; a
  // read error here (EACCES on some file systems, EIO) is reported now.
  input->Fill();
  if (input->error() != 0)
    return Status::IOError(name, ErrnoMessage(input->error()));
  std::string_view head = input->available();
  if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
      static_cast<unsigned char>(head[1]) == 0x8b) {
    return Status::NotSupported(
        name, "gzip-compressed input is not supported; gunzip it first");
  }
  if (head.substr(0, 3) == "\xEF\xBB\xBF") input->Consume(3);  // UTF-8 BOM

  Format format = options.format;
  if (format == Format::kAuto) {
    std::string_view rest = input->available();
    size_t first = FirstNonSpace(rest);
    if (EndsWith(path, ".jsonl") || EndsWith(path, ".json") ||
        (first < rest.size() && rest[first] == '{')) {
      format = Format::kJsonLines;
    } else {
      format = Format::kPlainText;
    }
  }
  reader->reset(new DocumentReader(std::move(input), name, format, options));
  return Status::OK();
}

bool DocumentReader::NextRecord(DocumentRecord* record, Status* status) {
  *status = Status::OK();
  if (done_) return false;
  bool more = format_ == Format::kJsonLines ? NextJsonLine(record, status)
                                            : NextPlainText(record, status);
  if (more) {
    ++records_;
  } else {
    done_ = true;
    if (status->ok() && input_->error() != 0) {
      *status = Status::IOError(name_, ErrnoMessage(input_->error()));
    } else if (status->ok() && records_ == 0) {
      *status = Status::InvalidArgument(name_, "empty input: no documents");
    }
  }
  return more;
}

bool DocumentReader::NextJsonLine(DocumentRecord* record, Status* status) {
  for (;;) {
    record->data.clear();
    record->error = Status::OK();
    ++line_;
    size_t line_bytes = 0;
    bool any = false;
    bool ended = false;
    while (!ended && input_->Fill()) {
      std::string_view chunk = input_->available();
      const void* nl = std::memchr(chunk.data(), '\n', chunk.size());
      size_t n = nl == nullptr ? chunk.size()
                               : static_cast<const char*>(nl) - chunk.data();
      ended = nl != nullptr;
      any = true;
      line_bytes += n;
      // Past the limit the rest of the line is counted but not kept.
      if (line_bytes <= options_.max_record_bytes) {
        record->data.append(chunk.data(), n);
      } else if (!record->data.empty()) {
        std::string().swap(record->data);
      }
      input_->Consume(n + (ended ? 1 : 0));
      bytes_read_ += n + (ended ? 1 : 0);
    }
    if (input_->error() != 0 || !any) return false;
    if (!record->data.empty() && record->data.back() == '\r') {
      record->data.pop_back();
    }
    if (line_bytes <= options_.max_record_bytes &&
        FirstNonSpace(record->data) == record->data.size()) {
      continue;  // blank line
    }
    record->kind = DocumentRecord::Kind::kJsonLine;
    record->source = name_;
    record->line = line_;
    if (line_bytes > options_.max_record_bytes) {
      record->error = Status::ResourceExhausted(
          name_ + ":" + std::to_string(line_),
          "line of " + std::to_string(line_bytes) +
              " bytes is over the limit of " +
              std::to_string(options_.max_record_bytes) + " bytes");
    }
    return true;
  }
}

bool DocumentReader::NextPlainText(DocumentRecord* record, Status* status) {
  record->data.clear();
  record->error = Status::OK();
  while (input_->Fill()) {
    std::string_view chunk = input_->available();
    const void* nul = std::memchr(chunk.data(), '\0', chunk.size());
    if (nul != nullptr) {
      uint64_t offset =
          bytes_read_ + (static_cast<const char*>(nul) - chunk.data());
      *status = Status::InvalidArgument(
          name_, "binary file (NUL byte at offset " + std::to_string(offset) +
                     "); not a text document");
      std::string().swap(record->data);
      return false;
    }
    if (record->data.size() + chunk.size() > options_.max_record_bytes) {
      *status = Status::ResourceExhausted(
          name_, "document is over the limit of " +
                     std::to_string(options_.max_record_bytes) + " bytes");
      std::string().swap(record->data);
      return false;
    }
    record->data.append(chunk.data(), chunk.size());
    input_->Consume(chunk.size());
    bytes_read_ += chunk.size();
  }
  if (input_->error() != 0) return false;
  if (FirstNonSpace(record->data) == record->data.size()) return false;
  record->kind = DocumentRecord::Kind::kPlainText;
  record->source = name_;
  record->line = 0;
  return true;
}

bool DocumentReader::NextMayWait() const {
  if (done_ || input_->regular() || input_->eof()) return false;
  std::string_view rest = input_->available();
  return format_ == Format::kPlainText ||
         std::memchr(rest.data(), '\n', rest.size()) == nullptr;
}

bool DocumentReader::Next(Document* doc, Status* status) {
  DocumentRecord record;
  if (!NextRecord(&record, status)) return false;
  *status = ParseRecord(record, doc);
  return true;
}

// ---------------------------------------------------------------------------
// Parsing.

size_t FindInvalidUtf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    // ASCII runs, eight bytes at a time: news text is mostly ASCII.
    while (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, s + i, 8);
      if (word & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    char32_t cp;
    int len = DecodeUtf8(text, i, &cp);
    if (len == 1) return i;  // a byte >= 0x80 alone is never valid
    i += len;
  }
  return std::string_view::npos;
}

namespace {

using google::protobuf::Struct;
using google::protobuf::Value;

// The string value of field "key", or nullptr when absent or not a string.
const std::string* StringField(const Struct& object, const char* key) {
  auto it = object.fields().find(key);
  if (it == object.fields().end() ||
      it->second.kind_case() != Value::kStringValue) {
    return nullptr;
  }
  return &it->second.string_value();
}

// The first of "keys" that holds a non-empty string.
const std::string* FirstStringField(const Struct& object,
                                    std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    const std::string* value = StringField(object, key);
    if (value != nullptr && !value->empty()) return value;
  }
  return nullptr;
}

// Why a line that protobuf refused is bad, in the reader's words where a
// common cause can be named exactly.
std::string DiagnoseJson(std::string_view line, std::string_view parser_error) {
  if (const void* nul = std::memchr(line.data(), '\0', line.size())) {
    return "NUL byte at column " +
           std::to_string(static_cast<const char*>(nul) - line.data() + 1) +
           " (binary data?)";
  }
  size_t bad = FindInvalidUtf8(line);
  if (bad != std::string_view::npos) {
    return "invalid UTF-8 at column " + std::to_string(bad + 1);
  }
  size_t first = FirstNonSpace(line);
  if (first < line.size() && line[first] == '[') {
    return "a JSON array, not one JSON object a line (convert it with: "
           "jq -c '.[]')";
  }
  if (first < line.size() && line[first] != '{') {
    return "not a JSON object";
  }
  return "malformed JSON: " + FirstLine(parser_error);
}

// "a number", "null", ...: the JSON type of "value", for messages.
const char* JsonTypeName(const Value& value) {
  switch (value.kind_case()) {
    case Value::kNullValue:
      return "null";
    case Value::kNumberValue:
      return "a number";
    case Value::kStringValue:
      return "a string";
    case Value::kBoolValue:
      return "a boolean";
    case Value::kStructValue:
      return "an object";
    case Value::kListValue:
      return "an array";
    case Value::KIND_NOT_SET:
      break;
  }
  return "empty";
}

std::string NumberToId(double v) {
  char buf[64];
  if (std::fabs(v) < 1e15 && v == std::floor(v)) {
    std::snprintf(buf, sizeof(buf), "%lld", static_cast<long long>(v));
  } else {
    std::snprintf(buf, sizeof(buf), "%.17g", v);
  }
  return buf;
}

// The JSON line as a Struct: slower than DocumentInput, but it keeps the
// JSON types, so it reads what DocumentInput refuses (a numeric doc_id,
// metadata of the wrong type) and names what is wrong with the rest.
Status ParseJsonStruct(const DocumentRecord& record, const std::string& where,
                       Document* doc) {
  Struct object;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  auto parsed = google::protobuf::util::JsonStringToMessage(record.data,
                                                            &object, options);
  if (!parsed.ok()) {
    return Status::InvalidArgument(
        where, DiagnoseJson(record.data, parsed.message().as_string()));
  }
  auto text = object.mutable_fields()->find("text");
  if (text == object.mutable_fields()->end()) {
    return Status::InvalidArgument(where, "missing \"text\"");
  }
  if (text->second.kind_case() != Value::kStringValue) {
    return Status::InvalidArgument(where, std::string("\"text\" is ") +
                                              JsonTypeName(text->second) +
                                              ", not a string");
  }
  if (text->second.string_value().empty()) {
    return Status::InvalidArgument(where, "empty \"text\"");
  }
  doc->set_text(std::move(*text->second.mutable_string_value()));

  auto id = object.fields().find("doc_id");
  if (id != object.fields().end() &&
      id->second.kind_case() == Value::kStringValue &&
      !id->second.string_value().empty()) {
    doc->set_doc_id(id->second.string_value());
  } else if (id != object.fields().end() &&
             id->second.kind_case() == Value::kNumberValue) {
    doc->set_doc_id(NumberToId(id->second.number_value()));
  } else {
    doc->set_doc_id(where);
  }
  // Metadata of the wrong type (a number, an object) is treated as absent:
  // a document is worth more than a malformed byline.
  if (const std::string* v = StringField(object, "url")) doc->set_url(*v);
  if (const std::string* v = StringField(object, "title")) doc->set_title(*v);
  if (const std::string* v =
          FirstStringField(object, {"outlet", "publisher"})) {
    doc->set_outlet(*v);
  }
  if (const std::string* v =
          FirstStringField(object, {"published", "publication_date", "date"})) {
    std::string date;
    if (NormalizeDate(*v, &date)) doc->set_published(date);
  }
  return Status::OK();
}

// The fields of DocumentInput, by every name protobuf's JSON parser reads
// them under (the field name and its lowerCamelCase JSON name).
enum InputField {
  kDocId,
  kText,
  kUrl,
  kTitle,
  kOutlet,
  kPublished,
  kDate,
  kPublicationDate,
  kPublisher,
  kInputFields
};

int InputFieldOf(std::string_view key) {
  static constexpr std::pair<std::string_view, InputField> kNames[] = {
      {"doc_id", kDocId},
      {"docId", kDocId},
      {"text", kText},
      {"url", kUrl},
      {"title", kTitle},
      {"outlet", kOutlet},
      {"published", kPublished},
      {"date", kDate},
      {"publication_date", kPublicationDate},
      {"publicationDate", kPublicationDate},
      {"publisher", kPublisher},
  };
  for (const auto& [name, field] : kNames) {
    if (key == name) return field;
  }
  return -1;
}

// The strings of a line's known fields, by InputField; empty when absent.
using InputStrings = std::string_view[kInputFields];

// Sets the fields of *doc but its text from "fields": the doc id, or
// "where" without one; the outlet, or the publisher; the first date given
// of "published", "publication_date" and "date", normalised (a date that
// cannot be read is left out).  Both JSON paths below read a line's
// fields into InputStrings and finish here.
void SetMetadata(const InputStrings& fields, const std::string& where,
                 Document* doc) {
  doc->set_doc_id(fields[kDocId].empty() ? where : std::string(fields[kDocId]));
  doc->set_url(std::string(fields[kUrl]));
  doc->set_title(std::string(fields[kTitle]));
  doc->set_outlet(std::string(!fields[kOutlet].empty() ? fields[kOutlet]
                                                       : fields[kPublisher]));
  const std::string_view published =
      !fields[kPublished].empty()         ? fields[kPublished]
      : !fields[kPublicationDate].empty() ? fields[kPublicationDate]
                                          : fields[kDate];
  std::string date;
  if (NormalizeDate(published, &date)) doc->set_published(date);
}

// Deeper lines than this leave the fast path: protobuf's parser has a
// depth limit of its own, and a document line is a flat object.
constexpr size_t kFastPathMaxDepth = 8;
// Longer lines too: simdjson's buffers take several times the size of the
// largest line a parser has read, and keep it.
constexpr size_t kFastPathMaxBytes = size_t{1} << 20;

// The fast path, simdjson's DOM parser (it validates the whole line, UTF-8
// included, and runs many times faster than protobuf's JSON parser): reads
// the common line, one object whose known fields are strings, each once,
// with a non-empty "text", exactly as the protobuf path below would.
// Returns false, leaving *doc unspecified, for anything else, which the
// protobuf path then reads or refuses with the reason.
bool ParseJsonLineFast(const DocumentRecord& record, const std::string& where,
                       Document* doc) {
  if (record.data.size() > kFastPathMaxBytes) return false;
  // One parser a thread: it keeps its buffers between lines.
  thread_local simdjson::dom::parser parser(kFastPathMaxBytes);
  thread_local bool sized = false;
  if (!sized) {
    if (parser.allocate(size_t{1} << 16, kFastPathMaxDepth) !=
        simdjson::SUCCESS) {
      return false;
    }
    sized = true;
  }
  simdjson::dom::object object;
  if (parser.parse(record.data).get_object().get(object) != simdjson::SUCCESS) {
    return false;
  }
  InputStrings fields;
  bool seen[kInputFields] = {};
  for (const simdjson::dom::key_value_pair field : object) {
    // Protobuf's typed parser refuses an empty key and its Struct parser
    // then any repeated key: such a line is left to them.
    if (field.key.empty()) return false;
    const int which = InputFieldOf(field.key);
    if (which < 0) continue;  // unknown fields are ignored, as below
    if (seen[which] || !field.value.is_string()) return false;
    seen[which] = true;
    fields[which] = field.value.get_string().value_unsafe();
  }
  if (fields[kText].empty()) return false;
  doc->set_text(std::string(fields[kText]));
  SetMetadata(fields, where, doc);
  return true;
}

Status ParseJsonLine(const DocumentRecord& record, bool fast, Document* doc) {
  const std::string where = record.source + ":" + std::to_string(record.line);
  // Protobuf's parser lets a raw NUL through inside a string; a NUL byte in
  // a text line means binary data, so it is refused before parsing.
  if (std::memchr(record.data.data(), '\0', record.data.size()) != nullptr) {
    return Status::InvalidArgument(where, DiagnoseJson(record.data, ""));
  }
  if (fast && ParseJsonLineFast(record, where, doc)) return Status::OK();
  doc->Clear();
  // A typed message parses about 1.6 times faster than a Struct.  Anything
  // it refuses, or an empty text, takes the Struct path, which tells why.
  DocumentInput input;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  if (!google::protobuf::util::JsonStringToMessage(record.data, &input, options)
           .ok() ||
      input.text().empty()) {
    return ParseJsonStruct(record, where, doc);
  }
  doc->set_text(std::move(*input.mutable_text()));
  InputStrings fields;
  fields[kDocId] = input.doc_id();
  fields[kUrl] = input.url();
  fields[kTitle] = input.title();
  fields[kOutlet] = input.outlet();
  fields[kPublished] = input.published();
  fields[kDate] = input.date();
  fields[kPublicationDate] = input.publication_date();
  fields[kPublisher] = input.publisher();
  SetMetadata(fields, where, doc);
  return Status::OK();
}

Status ParsePlainText(const DocumentRecord& record, Document* doc) {
  size_t bad = FindInvalidUtf8(record.data);
  if (bad != std::string_view::npos) {
    size_t line =
        1 + std::count(record.data.begin(), record.data.begin() + bad, '\n');
    return Status::InvalidArgument(
        record.source, "invalid UTF-8 at byte " + std::to_string(bad) +
                           " (line " + std::to_string(line) +
                           "); convert the file to UTF-8 first (iconv)");
  }
  doc->set_doc_id(record.source);
  doc->set_text(record.data);
  return Status::OK();
}

Status ParseRecord(const DocumentRecord& record, bool fast, Document* doc) {
  doc->Clear();
  if (!record.error.ok()) return record.error;
  if (record.kind == DocumentRecord::Kind::kPlainText) {
    return ParsePlainText(record, doc);
  }
  QUOTES_RETURN_IF_ERROR(ParseJsonLine(record, fast, doc));
  // An escaped NUL ("\u0000") passes the raw-byte check; in an id it
  // would cut the keys of the store, so the line is bad.
  if (doc->doc_id().find('\0') != std::string::npos) {
    const std::string where = record.source + ":" + std::to_string(record.line);
    doc->Clear();
    return Status::InvalidArgument(
        where, "\"doc_id\" holds a NUL character (\\u0000)");
  }
  return Status::OK();
}

}  // namespace

Status ParseRecord(const DocumentRecord& record, Document* doc) {
  return ParseRecord(record, /*fast=*/true, doc);
}

namespace reader_internal {

Status ParseRecordWithProtobuf(const DocumentRecord& record, Document* doc) {
  return ParseRecord(record, /*fast=*/false, doc);
}

}  // namespace reader_internal

// ---------------------------------------------------------------------------
// Dates.

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil), and back: exact for any year this reader accepts.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(static_cast<int64_t>(yoe) + era * 400 + (*m <= 2));
}

bool ValidDate(int y, int m, int d) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

// A date, and optionally a time and a zone, as read.
struct DateTime {
  int year = 0, month = 0, day = 0;
  bool has_time = false;
  int hour = 0, minute = 0, second = 0;
  bool has_zone = false;
  int zone_minutes = 0;  // east of UTC
};

std::string Format(const DateTime& t) {
  char buf[64];
  if (!t.has_time || !t.has_zone) {
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", t.year, t.month, t.day);
    return buf;
  }
  int64_t seconds = DaysFromCivil(t.year, t.month, t.day) * 86400 +
                    t.hour * 3600 + t.minute * 60 + t.second -
                    t.zone_minutes * 60;
  int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  int64_t rem = seconds - days * 86400;
  int y, m, d;
  CivilFromDays(days, &y, &m, &d);
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
                static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
                static_cast<int>(rem % 60));
  return buf;
}

// A cursor over the input with the small steps the formats need.
class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}
  bool done() const { return i_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  bool Eat(char c) {
    if (peek() != c) return false;
    ++i_;
    return true;
  }
  void SkipSpaces() {
    while (!done() && (IsSpace(s_[i_]) || s_[i_] == ',')) ++i_;
  }
  // Exactly "min".."max" digits.
  bool Digits(size_t min, size_t max, int* value) {
    size_t start = i_;
    int v = 0;
    while (!done() && i_ - start < max &&
           std::isdigit(static_cast<unsigned char>(s_[i_]))) {
      v = v * 10 + (s_[i_++] - '0');
    }
    if (i_ - start < min ||
        (!done() && std::isdigit(static_cast<unsigned char>(s_[i_])))) {
      i_ = start;
      return false;
    }
    *value = v;
    return true;
  }
  std::string Word() {
    size_t start = i_;
    while (!done() && std::isalpha(static_cast<unsigned char>(s_[i_]))) ++i_;
    std::string w(s_.substr(start, i_ - start));
    for (char& c : w)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return w;
  }
  size_t pos() const { return i_; }
  void set_pos(size_t i) { i_ = i; }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

int MonthNumber(const std::string& word) {
  static const char* const kMonths[] = {"jan", "feb", "mar", "apr",
                                        "may", "jun", "jul", "aug",
                                        "sep", "oct", "nov", "dec"};
  static const char* const kFull[] = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  for (int i = 0; i < 12; ++i) {
    if (word == kMonths[i] || word == kFull[i] || (i == 8 && word == "sept")) {
      return i + 1;
    }
  }
  return 0;
}

bool IsWeekday(const std::string& word) {
  static const char* const kDays[] = {
      "mon",       "tue",      "tues",   "wed",      "thu",    "thur",
      "thurs",     "fri",      "sat",    "sun",      "monday", "tuesday",
      "wednesday", "thursday", "friday", "saturday", "sunday"};
  for (const char* d : kDays) {
    if (word == d) return true;
  }
  return false;
}

// "HH:MM[:SS[.fff]]".
bool ReadTime(Scanner* in, DateTime* t) {
  if (!in->Digits(1, 2, &t->hour) || !in->Eat(':') ||
      !in->Digits(2, 2, &t->minute)) {
    return false;
  }
  if (in->Eat(':') && !in->Digits(2, 2, &t->second)) return false;
  if (in->Eat('.') || in->Eat(',')) {
    int ignored;
    if (!in->Digits(1, 9, &ignored)) return false;
  }
  if (t->hour > 23 || t->minute > 59 || t->second > 60) return false;
  if (t->second == 60) t->second = 59;  // a leap second: keep the minute
  t->has_time = true;
  return true;
}

// "Z", "+HH:MM", "+HHMM", "+HH", "UTC", "GMT" (after optional spaces).
// Returns false on trailing text that is not a zone.
bool ReadZone(Scanner* in, DateTime* t) {
  in->SkipSpaces();
  if (in->done()) return true;
  if (in->Eat('Z') || in->Eat('z')) {
    t->has_zone = true;
    return in->done();
  }
  char sign = in->peek();
  if (sign == '+' || sign == '-') {
    in->Eat(sign);
    int hh = 0, mm = 0;
    if (in->Digits(4, 4, &hh)) {
      mm = hh % 100;
      hh /= 100;
    } else if (!in->Digits(2, 2, &hh) ||
               (in->Eat(':') && !in->Digits(2, 2, &mm))) {
      return false;
    }
    if (hh > 23 || mm > 59) return false;
    t->zone_minutes = (sign == '-' ? -1 : 1) * (hh * 60 + mm);
    t->has_zone = true;
    return in->done();
  }
  std::string word = in->Word();
  if (word == "utc" || word == "gmt") {
    t->has_zone = true;
    in->SkipSpaces();
    return in->done();
  }
  return false;
}

// "2019-05-03[(T| )10:00[:00][zone]]", "2019/05/03", "20190503".
bool ReadNumericDate(std::string_view s, DateTime* t) {
  Scanner in(s);
  if (in.Digits(8, 8, &t->year)) {
    t->day = t->year % 100;
    t->month = t->year / 100 % 100;
    t->year /= 10000;
    return in.done();
  }
  if (!in.Digits(4, 4, &t->year)) return false;
  char sep = in.peek();
  if (sep != '-' && sep != '/') return false;
  in.Eat(sep);
  if (!in.Digits(1, 2, &t->month) || !in.Eat(sep) ||
      !in.Digits(1, 2, &t->day)) {
    return false;
  }
  if (in.done()) return true;
  if (!in.Eat('T') && !in.Eat('t') && !in.Eat(' ')) return false;
  in.SkipSpaces();
  return ReadTime(&in, t) && ReadZone(&in, t);
}

// "[Weekday,] May 3[rd][,] 2019 [10:00[:00] [zone]]" and
// "[Weekday,] 3 May[,] 2019 [...]" (RFC 2822 is the second form).
bool ReadWrittenDate(std::string_view s, DateTime* t) {
  Scanner in(s);
  in.SkipSpaces();
  std::string word = in.Word();
  if (IsWeekday(word)) {
    in.Eat('.');
    in.SkipSpaces();
    word = in.Word();
  }
  auto skip_ordinal = [&in]() {
    size_t save = in.pos();
    std::string suffix = in.Word();
    if (suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th") {
      in.set_pos(save);
    }
  };
  if (!word.empty()) {  // "May 3, 2019"
    t->month = MonthNumber(word);
    in.Eat('.');
    in.SkipSpaces();
    if (t->month == 0 || !in.Digits(1, 2, &t->day)) return false;
    skip_ordinal();
  } else {  // "3 May 2019"
    if (!in.Digits(1, 2, &t->day)) return false;
    skip_ordinal();
    in.SkipSpaces();
    t->month = MonthNumber(in.Word());
    in.Eat('.');
    if (t->month == 0) return false;
  }
  in.SkipSpaces();
  if (!in.Digits(4, 4, &t->year)) return false;
  in.SkipSpaces();
  if (in.done()) return true;
  return ReadTime(&in, t) && ReadZone(&in, t);
}

}  // namespace

bool NormalizeDate(std::string_view in, std::string* out) {
  size_t first = FirstNonSpace(in);
  in.remove_prefix(first);
  while (!in.empty() && IsSpace(in.back())) in.remove_suffix(1);
  if (in.empty() || in.size() > 64) return false;
  DateTime t;
  bool read =
      std::isdigit(static_cast<unsigned char>(in[0]))
          ? ReadNumericDate(in, &t) || (t = DateTime(), ReadWrittenDate(in, &t))
          : ReadWrittenDate(in, &t);
  if (!read || !ValidDate(t.year, t.month, t.day)) return false;
  *out = Format(t);
  return true;
}

}  // namespace quotes
