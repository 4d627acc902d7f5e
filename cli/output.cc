// Copyright The Quote Tracker Authors.

#include "cli/output.h"

#include <errno.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <cstring>

#include "google/protobuf/util/json_util.h"
#include "quotes/utf8.h"

namespace quotes {

// ---------------------------------------------------------------------------
// Output.

Output::Output(int fd, std::string name, size_t buffer_bytes)
    : fd_(fd), name_(std::move(name)), buffer_bytes_(buffer_bytes) {
  buffer_.reserve(buffer_bytes_);
}

Output::Output() : fd_(-1), name_("output"), buffer_bytes_(0) {}

Output::~Output() { Flush(); }

void Output::Write(std::string_view data) {
  if (failed()) return;
  if (fd_ < 0) {
    buffer_.append(data);
    return;
  }
  if (buffer_.size() + data.size() <= buffer_bytes_) {
    buffer_.append(data);
    return;
  }
  // Large pieces (a whole document's lines) skip the copy into the buffer.
  if (Flush() && !data.empty()) {
    if (data.size() >= buffer_bytes_) {
      WriteFd(data);
    } else {
      buffer_.append(data);
    }
  }
}

bool Output::Flush() {
  if (fd_ < 0 || failed()) return !failed();
  if (!buffer_.empty()) {
    WriteFd(buffer_);
    buffer_.clear();
  }
  return !failed();
}

bool Output::WriteFd(std::string_view data) {
  while (!data.empty()) {
    ssize_t n = write(fd_, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      error_ = errno;
      return false;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool Output::broken_pipe() const { return error_ == EPIPE; }

Status Output::status() const {
  if (!failed()) return Status::OK();
  return Status::IOError(name_, std::strerror(error_));
}

// ---------------------------------------------------------------------------
// JSON.

namespace {

void AppendUint(uint64_t v, std::string* out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, r.ptr);
}

// "key":
void AppendKey(const char* key, std::string* out) {
  out->push_back('"');
  out->append(key);
  out->append("\":");
}

void AppendStringOrNull(std::string_view s, std::string* out) {
  if (s.empty()) {
    out->append("null");
  } else {
    AppendJsonString(s, out);
  }
}

// ,"K_start":S,"K_end":E  (nulls for an absent span)
void AppendSpan(const char* key, const Span& span, std::string* out) {
  const bool absent = span.start() == 0 && span.end() == 0;
  out->push_back(',');
  out->push_back('"');
  out->append(key);
  out->append("_start\":");
  if (absent) {
    out->append("null");
  } else {
    AppendUint(span.start(), out);
  }
  out->append(",\"");
  out->append(key);
  out->append("_end\":");
  if (absent) {
    out->append("null");
  } else {
    AppendUint(span.end(), out);
  }
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t run = 0;  // start of the bytes not yet copied
  size_t i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      char32_t cp;
      int len = DecodeUtf8(s, i, &cp);
      if (len > 1) {  // a whole valid sequence
        i += len;
        continue;
      }
    }
    out->append(s.data() + run, i - run);
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0xF]);
        } else {
          out->append("\xEF\xBF\xBD");  // U+FFFD for an invalid byte
        }
    }
    ++i;
    run = i;
  }
  out->append(s.data() + run, n - run);
  out->push_back('"');
}

const char* KindName(QuoteKind kind) {
  switch (kind) {
    case DIRECT:
      return "direct";
    case INDIRECT:
      return "indirect";
    case MIXED:
      return "mixed";
    default:
      return "";
  }
}

const char* SpeakerTypeName(SpeakerType type) {
  switch (type) {
    case PERSON:
      return "person";
    case ORGANIZATION:
      return "organization";
    default:
      return "";
  }
}

const char* ResolutionName(Resolution resolution) {
  switch (resolution) {
    case NAME:
      return "name";
    case PRONOUN:
      return "pronoun";
    case DESCRIPTION:
      return "description";
    case UNRESOLVED:
      return "unresolved";
    case CONTINUATION:
      return "continuation";
    default:
      return "";
  }
}

void AppendContractLine(const std::string& doc_id, const Quote& quote,
                        std::string* out) {
  const Source& source =
      quote.sources_size() > 0 ? quote.sources(0) : Source::default_instance();
  out->append("{\"doc_id\":");
  AppendJsonString(doc_id, out);
  out->append(",\"quote_start\":");
  AppendUint(source.content().start(), out);
  out->append(",\"quote_end\":");
  AppendUint(source.content().end(), out);
  out->push_back(',');
  AppendKey("kind", out);
  AppendStringOrNull(KindName(quote.kind()), out);
  out->push_back(',');
  AppendKey("speaker", out);
  AppendStringOrNull(quote.speaker().name(), out);
  AppendSpan("speaker", source.speaker(), out);
  out->push_back(',');
  AppendKey("cue", out);
  AppendStringOrNull(quote.cue(), out);
  AppendSpan("cue", source.cue(), out);
  out->append(",\"confidence\":");
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof(buf), quote.confidence());
  out->append(buf, r.ptr);
  out->push_back(',');
  AppendKey("role", out);
  AppendStringOrNull(quote.speaker().role(), out);
  out->push_back(',');
  AppendKey("speaker_type", out);
  AppendStringOrNull(SpeakerTypeName(quote.speaker().type()), out);
  out->push_back(',');
  AppendKey("resolution", out);
  AppendStringOrNull(ResolutionName(quote.speaker().resolution()), out);
  out->push_back(',');
  AppendKey("rule", out);
  AppendStringOrNull(quote.rule_id(), out);
  out->push_back(',');
  AppendKey("addressee", out);
  AppendStringOrNull(quote.addressee(), out);
  out->push_back(',');
  AppendKey("text", out);
  AppendJsonString(quote.text(), out);
  out->append("}\n");
}

// ---------------------------------------------------------------------------
// Human renderings.

namespace {

// Text on one line: newlines inside a quote (a quotation over paragraphs)
// would break the layout of a listing.
std::string OneLine(std::string_view s) {
  std::string line;
  line.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !line.empty();
      continue;
    }
    if (space) line.push_back(' ');
    space = false;
    line.push_back(c);
  }
  return line;
}

// "Ana Ortiz (Health Minister)", or the mention, or "unknown speaker".
std::string SpeakerLabel(const SpeakerRef& speaker) {
  std::string label = OneLine(speaker.name());
  if (label.empty()) {
    label = speaker.mention().empty()
                ? "unknown speaker"
                : "\"" + OneLine(speaker.mention()) + "\"";
  }
  if (!speaker.role().empty()) label += " (" + OneLine(speaker.role()) + ")";
  return label;
}

// "Harbour Courier, 2024-03-04": outlet and date where known.
std::string SourceLabel(const Source& source) {
  std::string label = source.outlet();
  if (!source.published().empty()) {
    if (!label.empty()) label += ", ";
    label += source.published();
  }
  return label;
}

std::string ConfidenceText(float confidence) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%.2f", confidence);
  return buf;
}

}  // namespace

void AppendExtractedText(const Quote& quote, std::string* out) {
  out->append("\"" + OneLine(quote.text()) + "\"\n");
  out->append("    ");
  out->append(SpeakerLabel(quote.speaker()));
  const SpeakerRef& speaker = quote.speaker();
  if (!speaker.name().empty() && !speaker.mention().empty() &&
      speaker.mention() != speaker.name()) {
    out->append(", as \"" + OneLine(speaker.mention()) + "\"");
  }
  if (speaker.resolution() != RESOLUTION_UNSPECIFIED) {
    out->append(" [" + std::string(ResolutionName(speaker.resolution())) + "]");
  }
  if (!quote.cue().empty()) out->append(" · cue: " + quote.cue());
  if (!quote.addressee().empty()) out->append(" · to: " + quote.addressee());
  if (quote.kind() != KIND_UNSPECIFIED) {
    out->append(" · " + std::string(KindName(quote.kind())));
  }
  if (!quote.rule_id().empty()) out->append(" · rule: " + quote.rule_id());
  out->append(" · " + ConfidenceText(quote.confidence()) + "\n");
}

void AppendQuoteSummary(const Quote& quote, std::string* out) {
  out->append("\"" + OneLine(quote.text()) + "\"\n");
  out->append("    — " + SpeakerLabel(quote.speaker()));
  if (quote.kind() != KIND_UNSPECIFIED) {
    out->append(" · " + std::string(KindName(quote.kind())));
  }
  out->push_back('\n');
  if (quote.sources_size() > 0) {
    const Source& first = quote.sources(0);
    std::string where = SourceLabel(first);
    const std::string& link =
        first.url().empty() ? first.doc_id() : first.url();
    if (!where.empty()) where += ": ";
    out->append("    " + where + link);
    if (quote.sources_size() > 1) {
      out->append(
          " (+" + std::to_string(quote.sources_size() - 1) +
          (quote.sources_size() == 2 ? " other source)" : " other sources)"));
    }
    out->push_back('\n');
  }
  out->append("    id " + quote.id() + "\n");
}

void AppendQuoteDetail(const Quote& quote, std::string* out) {
  const SpeakerRef& speaker = quote.speaker();
  auto field = [out](const char* name, const std::string& value) {
    if (value.empty()) return;
    out->append(name);
    out->append(value);
    out->push_back('\n');
  };
  field("id:          ", quote.id());
  field("quote:       ", "\"" + OneLine(quote.text()) + "\"");
  field("kind:        ", KindName(quote.kind()));
  field("speaker:     ", SpeakerLabel(speaker));
  field("type:        ", SpeakerTypeName(speaker.type()));
  field("speaker id:  ", speaker.speaker_id());
  std::string cue = quote.cue();
  if (!quote.cue_lemma().empty() && quote.cue_lemma() != cue) {
    cue += " (" + quote.cue_lemma() + ")";
  }
  field("cue:         ", cue);
  field("addressee:   ", quote.addressee());
  field("rule:        ", quote.rule_id());
  field("confidence:  ", ConfidenceText(quote.confidence()));
  field("extractor:   ", quote.extractor_version());
  out->append("sources:     " + std::to_string(quote.sources_size()) + "\n");
  for (int i = 0; i < quote.sources_size(); ++i) {
    const Source& s = quote.sources(i);
    out->append("  [" + std::to_string(i + 1) + "] ");
    std::string where = SourceLabel(s);
    out->append(where.empty() ? "(no outlet or date)" : where);
    out->push_back('\n');
    field("      title:   ", s.title());
    field("      url:     ", s.url());
    field("      doc:     ", s.doc_id());
    std::string mention;
    if (!speaker.mention().empty() && i == 0) {
      mention = "\"" + OneLine(speaker.mention()) + "\" (" +
                ResolutionName(speaker.resolution()) + ")";
    }
    field("      named:   ", mention);
    out->append("      where:   bytes " + std::to_string(s.content().start()) +
                "-" + std::to_string(s.content().end()) + ", paragraph " +
                std::to_string(s.paragraph() + 1) + ", sentence " +
                std::to_string(s.sentence() + 1) + "\n");
    field("      context: ", OneLine(s.context()));
  }
}

void AppendSpeakerText(const Speaker& speaker, std::string* out) {
  out->append(OneLine(speaker.name()));
  out->append("  (");
  const char* type = SpeakerTypeName(speaker.type());
  if (*type != '\0') out->append(std::string(type) + ", ");
  out->append(std::to_string(speaker.quote_count()) +
              (speaker.quote_count() == 1 ? " quote)\n" : " quotes)\n"));
  auto list = [out](const char* name,
                    const google::protobuf::RepeatedPtrField<std::string>& v) {
    if (v.empty()) return;
    out->append(name);
    for (int i = 0; i < v.size(); ++i) {
      if (i > 0) out->append("; ");
      out->append(OneLine(v.Get(i)));
    }
    out->push_back('\n');
  };
  list("    roles:   ", speaker.roles());
  list("    aliases: ", speaker.aliases());
}

bool AppendMessageJson(const google::protobuf::Message& message,
                       std::string* out) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(message, &json, options)
           .ok()) {
    return false;
  }
  out->append(json);
  return true;
}

}  // namespace quotes
