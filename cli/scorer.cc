// Copyright The Quote Tracker Authors.
//
// A port of ../shared/eval/score.py; the Python is the specification.  Each
// scoring function names the score.py function it mirrors and keeps its
// order of evaluation, so that where Python raises an exception this code
// returns a Status at the same point and never reports partial figures.
//
// Python semantics that the figures depend on, emulated here:
// - text is a sequence of code points; predictions give UTF-8 byte offsets
//   and byte_to_char() maps them (a byte inside a character maps past it);
// - \w is str.isalnum() or "_", and names are compared after str.lower(),
//   both from tables generated with Python 3.11 (bottom of this file);
// - JSON values are read with Python's truthiness, int() and comparisons;
// - floats are rounded with round(x, 4) and printed with repr().

#include "cli/scorer.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace quotes {
namespace {

using google::protobuf::Value;

// Generated tables, defined at the end of this file.
std::string_view WordRangesText();
std::string_view UnprintableRangesText();
std::string_view LowerRunsText();

// ---------------------------------------------------------------------------
// Unicode, as Python 3.11 sees it.

constexpr char32_t kReplacementChar = 0xFFFD;

// A run of code points [first, last]; for case mappings every "stride"-th
// one maps to itself plus "delta".
struct CodeRun {
  uint32_t first = 0;
  uint32_t last = 0;
  int32_t delta = 0;
  int32_t stride = 1;
};

// Parses the tables at the end of this file: space-separated
// "first[-last][:delta[/stride]]" entries, code points in hex, delta and
// stride in decimal.
std::vector<CodeRun> ParseRuns(std::string_view table) {
  std::vector<CodeRun> runs;
  const char* p = table.data();
  const char* const end = p + table.size();
  const auto number = [&](int base, auto* out) {
    p = std::from_chars(p, end, *out, base).ptr;
  };
  while (p < end) {
    if (*p == ' ') {
      ++p;
      continue;
    }
    CodeRun run;
    number(16, &run.first);
    run.last = run.first;
    if (p < end && *p == '-') {
      ++p;
      number(16, &run.last);
    }
    if (p < end && *p == ':') {
      ++p;
      number(10, &run.delta);
    }
    if (p < end && *p == '/') {
      ++p;
      number(10, &run.stride);
    }
    runs.push_back(run);
  }
  return runs;
}

// The run holding "c", or nullptr.  "runs" is sorted and disjoint.
const CodeRun* FindRun(const std::vector<CodeRun>& runs, char32_t c) {
  auto it = std::upper_bound(
      runs.begin(), runs.end(), c,
      [](char32_t x, const CodeRun& run) { return x < run.first; });
  if (it == runs.begin()) return nullptr;
  --it;
  return c <= it->last ? &*it : nullptr;
}

bool IsWordChar(char32_t c) {
  static const auto* const kRuns =
      new std::vector<CodeRun>(ParseRuns(WordRangesText()));
  if (c < 0x80) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
           c == '_';
  }
  return FindRun(*kRuns, c) != nullptr;
}

// str.isprintable() of one character, as repr() uses it.
bool IsPrintable(char32_t c) {
  static const auto* const kRuns =
      new std::vector<CodeRun>(ParseRuns(UnprintableRangesText()));
  if (c < 0x80) return c >= 0x20 && c < 0x7F;
  return FindRun(*kRuns, c) == nullptr;
}

// str.isspace(), which str.strip() uses to find blank lines.
bool IsPythonSpace(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 ||
         c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
         c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

char32_t SimpleLower(char32_t c) {
  static const auto* const kRuns =
      new std::vector<CodeRun>(ParseRuns(LowerRunsText()));
  const CodeRun* run = FindRun(*kRuns, c);
  if (run == nullptr || (c - run->first) % run->stride != 0) return c;
  return static_cast<char32_t>(static_cast<int32_t>(c) + run->delta);
}

void AppendUtf8(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// Decodes the character at s[*pos] and advances *pos.  An ill-formed
// sequence decodes to U+FFFD, consuming its maximal subpart as Python's
// "replace" error handler does, and makes the call return false.
bool DecodeUtf8(std::string_view s, size_t* pos, char32_t* c) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(*pos);
  ++*pos;
  if (lead < 0x80) {
    *c = lead;
    return true;
  }
  int need = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // Range of the second byte.
  if (lead >= 0xC2 && lead <= 0xDF) {
    need = 1;
    *c = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    need = 2;
    *c = lead & 0x0F;
    if (lead == 0xE0) lo = 0xA0;  // Overlong.
    if (lead == 0xED) hi = 0x9F;  // Surrogates.
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    need = 3;
    *c = lead & 0x07;
    if (lead == 0xF0) lo = 0x90;  // Overlong.
    if (lead == 0xF4) hi = 0x8F;  // Beyond U+10FFFF.
  }
  for (int k = 0; k < need; ++k, lo = 0x80, hi = 0xBF) {
    if (*pos >= s.size() || byte(*pos) < lo || byte(*pos) > hi) break;
    *c = (*c << 6) | (byte(*pos) & 0x3F);
    ++*pos;
    if (k == need - 1) return true;
  }
  *c = kReplacementChar;
  return false;
}

std::u32string ToCodePoints(std::string_view utf8) {
  std::u32string out;
  char32_t c;
  for (size_t pos = 0; pos < utf8.size();) {
    DecodeUtf8(utf8, &pos, &c);
    out.push_back(c);
  }
  return out;
}

// Python reads both files as UTF-8 and stops on the first invalid byte.
Status CheckUtf8(std::string_view name, std::string_view text) {
  char32_t c;
  for (size_t pos = 0; pos < text.size();) {
    const size_t at = pos;
    if (!DecodeUtf8(text, &pos, &c)) {
      return Status::Corruption(name,
                                "invalid UTF-8 at byte " + std::to_string(at));
    }
  }
  return Status::OK();
}

// The first "n" code points of "utf8" (Python's s[:n]).
std::string_view CodePointPrefix(std::string_view utf8, size_t n) {
  char32_t c;
  size_t pos = 0;
  for (size_t i = 0; i < n && pos < utf8.size(); ++i)
    DecodeUtf8(utf8, &pos, &c);
  return utf8.substr(0, pos);
}

// A token counts as cased where Python's final-sigma rule asks; an
// approximation: any word character but digits and "_".
bool IsCasedForSigma(char32_t c) {
  return IsWordChar(c) && c != '_' && !(c >= '0' && c <= '9');
}

// str.lower() of one \w+ token, in UTF-8.
std::string Lower(std::u32string_view token) {
  std::string out;
  for (size_t i = 0; i < token.size(); ++i) {
    const char32_t c = token[i];
    if (c == 0x130) {  // İ lowers to two code points.
      out += "i\xCC\x87";
    } else if (c == 0x3A3) {  // Σ becomes final ς at the end of a word.
      const bool preceded = i > 0 && IsCasedForSigma(token[i - 1]);
      const bool followed =
          i + 1 < token.size() && IsCasedForSigma(token[i + 1]);
      AppendUtf8(preceded && !followed ? 0x3C2 : 0x3C3, &out);
    } else {
      AppendUtf8(SimpleLower(c), &out);
    }
  }
  return out;
}

// re.finditer(r"\w+", text): the [start, end) code point offsets of tokens.
std::vector<std::pair<int64_t, int64_t>> WordTokens(std::u32string_view text) {
  std::vector<std::pair<int64_t, int64_t>> tokens;
  for (size_t i = 0; i < text.size();) {
    if (!IsWordChar(text[i])) {
      ++i;
      continue;
    }
    const size_t start = i;
    while (i < text.size() && IsWordChar(text[i])) ++i;
    tokens.emplace_back(start, i);
  }
  return tokens;
}

// ---------------------------------------------------------------------------
// Python's view of JSON values.  A missing key is a nullptr, which Python
// sees as None (dict.get).

const Value* Field(const Value& object, const std::string& key) {
  if (object.kind_case() != Value::kStructValue) return nullptr;
  const auto& fields = object.struct_value().fields();
  auto it = fields.find(key);
  return it == fields.end() ? nullptr : &it->second;
}

bool IsNone(const Value* v) {
  return v == nullptr || v->kind_case() == Value::kNullValue;
}

// bool(v).
bool Truthy(const Value* v) {
  if (v == nullptr) return false;
  switch (v->kind_case()) {
    case Value::kBoolValue:
      return v->bool_value();
    case Value::kNumberValue:
      return v->number_value() != 0;
    case Value::kStringValue:
      return !v->string_value().empty();
    case Value::kListValue:
      return v->list_value().values_size() > 0;
    case Value::kStructValue:
      return v->struct_value().fields_size() > 0;
    default:
      return false;
  }
}

// Python's "a or b".
const Value* Or(const Value* a, const Value* b) { return Truthy(a) ? a : b; }

bool IsString(const Value* v) {
  return v != nullptr && v->kind_case() == Value::kStringValue;
}

// repr(float): the shortest digits that round-trip, in fixed notation
// unless the exponent is below -4 or above 15.
std::string FloatRepr(double x) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x < 0 ? "-inf" : "inf";
  char buf[64];
  auto res =
      std::to_chars(buf, buf + sizeof(buf), x, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  std::string sign;
  if (sci[0] == '-') {
    sign = "-";
    sci.erase(0, 1);
  }
  const size_t e = sci.find('e');
  std::string digits = sci.substr(0, 1) + (e > 2 ? sci.substr(2, e - 2) : "");
  const int exponent = std::atoi(sci.c_str() + e + 1);
  const int point = exponent + 1;  // Digits before the decimal point.
  if (point > -4 && point <= 16) {
    if (point <= 0) return sign + "0." + std::string(-point, '0') + digits;
    if (point >= static_cast<int>(digits.size())) {
      return sign + digits + std::string(point - digits.size(), '0') + ".0";
    }
    return sign + digits.substr(0, point) + "." + digits.substr(point);
  }
  std::string mantissa = digits.substr(0, 1);
  if (digits.size() > 1) mantissa += "." + digits.substr(1);
  char exp_buf[16];
  std::snprintf(exp_buf, sizeof(exp_buf), "e%c%02d", exponent < 0 ? '-' : '+',
                std::abs(exponent));
  return sign + mantissa + exp_buf;
}

// Python's round(x, 4): glibc's printf rounds the exact binary value half to
// even, as Python does; strtod gives back the nearest double.
double Round4(double x) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.4f", x);
  return std::strtod(buf, nullptr);
}

// repr() of a JSON number.  Python's json keeps 5 an int and 5.0 a float;
// protobuf keeps neither, so integral values print as ints.
std::string NumberRepr(double x) {
  if (x == 0) return "0";
  if (std::trunc(x) == x && std::abs(x) < 1e300) {
    char buf[400];
    std::snprintf(buf, sizeof(buf), "%.0f", x);
    return buf;
  }
  return FloatRepr(x);
}

// repr(str): single quotes unless the text holds ' and no ", escapes for
// quotes, backslashes and unprintable characters.
std::string StringRepr(std::string_view utf8) {
  const bool double_quoted = utf8.find('\'') != std::string_view::npos &&
                             utf8.find('"') == std::string_view::npos;
  const char quote = double_quoted ? '"' : '\'';
  std::string out(1, quote);
  char32_t c;
  for (size_t pos = 0; pos < utf8.size();) {
    DecodeUtf8(utf8, &pos, &c);
    char buf[16];
    if (c == static_cast<char32_t>(quote) || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (IsPrintable(c)) {
      AppendUtf8(c, &out);
    } else {
      const char* format = c <= 0xFF     ? "\\x%02x"
                           : c <= 0xFFFF ? "\\u%04x"
                                         : "\\U%08x";
      std::snprintf(buf, sizeof(buf), format, static_cast<unsigned>(c));
      out += buf;
    }
  }
  out += quote;
  return out;
}

// json.dumps(str) with ensure_ascii.
std::string JsonString(std::string_view utf8) {
  std::string out = "\"";
  char32_t c;
  for (size_t pos = 0; pos < utf8.size();) {
    DecodeUtf8(utf8, &pos, &c);
    char buf[16];
    switch (c) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\b':
        out += "\\b";
        continue;
      case '\f':
        out += "\\f";
        continue;
    }
    if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
    } else if (c < 0x10000) {
      std::snprintf(buf, sizeof(buf), "\\u%04x", static_cast<unsigned>(c));
      out += buf;
    } else {
      const char32_t v = c - 0x10000;
      std::snprintf(buf, sizeof(buf), "\\u%04x\\u%04x",
                    static_cast<unsigned>(0xD800 + (v >> 10)),
                    static_cast<unsigned>(0xDC00 + (v & 0x3FF)));
      out += buf;
    }
  }
  return out + "\"";
}

// repr(v).  Objects list their keys sorted: protobuf keeps no key order.
std::string Repr(const Value* v) {
  if (v == nullptr) return "None";
  std::string out;
  switch (v->kind_case()) {
    case Value::kBoolValue:
      return v->bool_value() ? "True" : "False";
    case Value::kNumberValue:
      return NumberRepr(v->number_value());
    case Value::kStringValue:
      return StringRepr(v->string_value());
    case Value::kListValue:
      for (const Value& item : v->list_value().values()) {
        out += (out.empty() ? "" : ", ") + Repr(&item);
      }
      return "[" + out + "]";
    case Value::kStructValue: {
      std::map<std::string, const Value*> sorted;
      for (const auto& [key, item] : v->struct_value().fields())
        sorted[key] = &item;
      for (const auto& [key, item] : sorted) {
        out += (out.empty() ? "" : ", ") + StringRepr(key) + ": " + Repr(item);
      }
      return "{" + out + "}";
    }
    default:
      return "None";
  }
}

// str(v).
std::string Str(const Value* v) {
  return IsString(v) ? v->string_value() : Repr(v);
}

// The cap on offsets: far beyond any text, yet twice it fits in int64.
constexpr int64_t kMaxOffset = int64_t{1} << 50;

int64_t ClampOffset(double x) {
  return static_cast<int64_t>(
      std::clamp(x, -double(kMaxOffset), double(kMaxOffset)));
}

// int(s) for a str: optional sign, ASCII digits with single "_" between.
bool ParseIntString(const std::string& s, int64_t* out) {
  std::u32string text = ToCodePoints(s);
  size_t begin = 0, end = text.size();
  while (begin < end && IsPythonSpace(text[begin])) ++begin;
  while (end > begin && IsPythonSpace(text[end - 1])) --end;
  bool negative = false;
  if (begin < end && (text[begin] == '+' || text[begin] == '-')) {
    negative = text[begin++] == '-';
  }
  double value = 0;
  bool digit_before = false;
  for (size_t i = begin; i < end; ++i) {
    const char32_t c = text[i];
    if (c >= '0' && c <= '9') {
      value = std::min(value * 10 + (c - '0'), double(kMaxOffset));
      digit_before = true;
    } else if (c == '_' && digit_before && i + 1 < end) {
      digit_before = false;
    } else {
      return false;
    }
  }
  if (!digit_before) return false;
  *out = ClampOffset(negative ? -value : value);
  return true;
}

// Python's int(v), saturated at +-kMaxOffset: score.py clamps offsets to
// the text anyway.  Fails where int() raises.
Status PyInt(const Value* v, int64_t* out) {
  if (v != nullptr) {
    switch (v->kind_case()) {
      case Value::kBoolValue:
        *out = v->bool_value() ? 1 : 0;
        return Status::OK();
      case Value::kNumberValue:
        if (std::isnan(v->number_value())) break;
        *out = ClampOffset(std::trunc(v->number_value()));
        return Status::OK();
      case Value::kStringValue:
        if (ParseIntString(v->string_value(), out)) return Status::OK();
        break;
      default:
        break;
    }
  }
  return Status::InvalidArgument("int() of " + Repr(v));
}

// A number for an ordering comparison; Python raises TypeError on others.
Status PyNumber(const Value* v, double* out) {
  if (v != nullptr && v->kind_case() == Value::kNumberValue) {
    *out = v->number_value();
    return Status::OK();
  }
  if (v != nullptr && v->kind_case() == Value::kBoolValue) {
    *out = v->bool_value() ? 1 : 0;
    return Status::OK();
  }
  return Status::InvalidArgument("'<' with " + Repr(v));
}

// A JSON value used as a dict key: None, a number (bool is 0 or 1, and
// 1 == 1.0 == True as in Python) or a string.  "text" is str(value).
struct PyKey {
  enum class Type { kNone, kNumber, kString };
  Type type = Type::kNone;
  double number = 0;
  std::string text;

  // What Python's dict compares: 1, 1.0 and True are one key.
  std::tuple<Type, double, std::string> Identity() const {
    return type == Type::kNumber ? std::make_tuple(type, number, std::string())
                                 : std::make_tuple(type, 0.0, text);
  }
  bool operator==(const PyKey& o) const { return Identity() == o.Identity(); }
};

// Fails for lists and objects, which Python cannot hash.
Status MakeKey(const Value* v, PyKey* key) {
  key->text = Str(v);
  if (IsNone(v)) {
    key->type = PyKey::Type::kNone;
  } else if (v->kind_case() == Value::kStringValue) {
    key->type = PyKey::Type::kString;
  } else if (v->kind_case() == Value::kNumberValue ||
             v->kind_case() == Value::kBoolValue) {
    key->type = PyKey::Type::kNumber;
    key->number = v->kind_case() == Value::kBoolValue
                      ? (v->bool_value() ? 1 : 0)
                      : v->number_value();
  } else {
    return Status::InvalidArgument("unhashable value " + key->text);
  }
  return Status::OK();
}

// ---------------------------------------------------------------------------
// Reading the JSON Lines.

// Whether line.strip() is empty.
bool IsBlank(std::string_view line) {
  char32_t c;
  for (size_t pos = 0; pos < line.size();) {
    if (!DecodeUtf8(line, &pos, &c) || !IsPythonSpace(c)) return false;
  }
  return true;
}

// Calls fn(line_number, line) for each line that is not blank, splitting at
// "\n", "\r\n" and "\r" (Python's universal newlines); stops at an error.
Status ForEachLine(std::string_view text,
                   const std::function<Status(int, std::string_view)>& fn) {
  int line_number = 0;
  for (size_t pos = 0; pos < text.size();) {
    const size_t end = std::min(text.find_first_of("\r\n", pos), text.size());
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (end + 1 < text.size() && text[end] == '\r' && text[end + 1] == '\n')
      ++pos;
    ++line_number;
    if (!IsBlank(line)) QUOTES_RETURN_IF_ERROR(fn(line_number, line));
  }
  return Status::OK();
}

bool ParseJson(std::string_view line, Value* value, std::string* error) {
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(line.data(), line.size()), value);
  if (!status.ok()) *error = std::string(status.message());
  return status.ok();
}

// A span of a gold or predicted quote, in code points: [start, end).
struct Span {
  int64_t start = 0;
  int64_t end = 0;
};

struct GoldQuote {
  const Value* value = nullptr;  // The quote object.  Not owned.
  bool required = true;
  std::vector<Span> spans;  // gold_spans(), in code points.
};

// A gold document and what score.py derives from its text.
struct GoldDoc {
  PyKey id;
  int line = 0;
  Value value;  // The whole document; GoldQuote::value points into it.
  bool utf8_offsets = false;
  std::string text;
  std::vector<int64_t> byte_to_char;  // One entry per byte, one past the end.
  std::vector<int64_t> token_mid2;    // Start + end of each \w+ token.
  std::vector<GoldQuote> quotes;

  // byte_to_char(text)(byte).
  int64_t B2C(int64_t byte) const {
    return byte_to_char[std::clamp<int64_t>(byte, 0, text.size())];
  }
};

struct Pred {
  Value value;
  int64_t start = 0;  // int(quote_start): a UTF-8 byte offset.
  int64_t end = 0;
};

// Predictions by str(doc_id), each list in file order.
using PredIndex = std::unordered_map<std::string, std::vector<Pred>>;

Status GoldError(std::string_view name, int line, const std::string& what) {
  return Status::InvalidArgument(std::string(name) + ":" + std::to_string(line),
                                 what);
}

// One end of a gold span: int() and byte_to_char() for "utf8-bytes"
// documents, else the raw value, which score.py passes to range() and so
// must be an int.
Status GoldOffset(const GoldDoc& doc, const Value* v, int64_t* out) {
  if (doc.utf8_offsets) {
    QUOTES_RETURN_IF_ERROR(PyInt(v, out));
    *out = doc.B2C(*out);
    return Status::OK();
  }
  double number = 0;
  if (!PyNumber(v, &number).ok() || std::trunc(number) != number) {
    return Status::InvalidArgument("offset " + Repr(v) + " is not an int");
  }
  *out = ClampOffset(number);
  return Status::OK();
}

// gold_spans(): quote_spans when truthy, else quote_start/quote_end.
Status GoldSpans(const GoldDoc& doc, const Value& quote,
                 std::vector<Span>* spans) {
  const Value* multi = Field(quote, "quote_spans");
  std::vector<std::pair<const Value*, const Value*>> ends;
  if (!Truthy(multi)) {
    ends.emplace_back(Field(quote, "quote_start"), Field(quote, "quote_end"));
    if (ends[0].first == nullptr || ends[0].second == nullptr) {
      return Status::InvalidArgument("quote without quote_start/quote_end");
    }
  } else if (multi->kind_case() != Value::kListValue) {
    return Status::InvalidArgument("quote_spans is not a list");
  } else {
    for (const Value& pair : multi->list_value().values()) {
      if (pair.kind_case() != Value::kListValue ||
          pair.list_value().values_size() != 2) {
        return Status::InvalidArgument("quote_spans item is not [start, end]");
      }
      ends.emplace_back(&pair.list_value().values(0),
                        &pair.list_value().values(1));
    }
  }
  for (const auto& [start, end] : ends) {
    Span span;
    QUOTES_RETURN_IF_ERROR(GoldOffset(doc, start, &span.start));
    QUOTES_RETURN_IF_ERROR(GoldOffset(doc, end, &span.end));
    spans->push_back(span);
  }
  return Status::OK();
}

// Checks and indexes one gold document the way score.py's main loop first
// touches it: text, offsets, quotes.
Status PrepareDoc(GoldDoc* doc) {
  const Value* text = Field(doc->value, "text");
  if (!IsString(text))
    return Status::InvalidArgument("\"text\" is not a string");
  doc->text = text->string_value();
  const Value* offsets = Field(doc->value, "offsets");
  doc->utf8_offsets =
      IsString(offsets) && offsets->string_value() == "utf8-bytes";

  int64_t count = 0;
  for (size_t i = 0; i < doc->text.size(); ++i) {
    doc->byte_to_char.push_back(count);
    if ((static_cast<unsigned char>(doc->text[i]) & 0xC0) != 0x80) ++count;
  }
  doc->byte_to_char.push_back(count);
  for (const auto& [start, end] : WordTokens(ToCodePoints(doc->text))) {
    doc->token_mid2.push_back(start + end);
  }

  const Value* quotes = Field(doc->value, "quotes");
  if (quotes == nullptr) return Status::InvalidArgument("no \"quotes\"");
  if (!Truthy(quotes) && (IsString(quotes) || quotes->has_struct_value())) {
    return Status::OK();  // Iterating "" or {} yields nothing.
  }
  if (!quotes->has_list_value())
    return Status::InvalidArgument("\"quotes\" is not a list");
  for (const Value& q : quotes->list_value().values()) {
    if (!q.has_struct_value())
      return Status::InvalidArgument("a quote is not an object");
    GoldQuote quote;
    quote.value = &q;
    const Value* required = Field(q, "required");
    quote.required = required == nullptr || Truthy(required);
    QUOTES_RETURN_IF_ERROR(GoldSpans(*doc, q, &quote.spans));
    doc->quotes.push_back(std::move(quote));
  }
  return Status::OK();
}

// Reads the gold documents in the order of a Python dict keyed by doc_id:
// a repeated doc_id keeps its first place and takes the last line.
Status LoadGold(std::string_view name, std::string_view text,
                std::vector<std::unique_ptr<GoldDoc>>* docs) {
  std::map<std::tuple<PyKey::Type, double, std::string>, size_t> index;
  const auto add = [&](int line, std::string_view json) {
    auto doc = std::make_unique<GoldDoc>();
    std::string error;
    if (!ParseJson(json, &doc->value, &error)) {
      return GoldError(name, line, error);
    }
    const Value* id = Field(doc->value, "doc_id");
    if (id == nullptr) return GoldError(name, line, "no \"doc_id\"");
    Status s = MakeKey(id, &doc->id);
    if (!s.ok()) return GoldError(name, line, s.message());
    doc->line = line;
    auto [it, added] = index.emplace(doc->id.Identity(), docs->size());
    if (added) {
      docs->push_back(std::move(doc));
    } else {
      (*docs)[it->second] = std::move(doc);
    }
    return Status::OK();
  };
  QUOTES_RETURN_IF_ERROR(ForEachLine(text, add));
  for (auto& doc : *docs) {
    Status s = PrepareDoc(doc.get());
    if (!s.ok()) return GoldError(name, doc->line, s.message());
  }
  return Status::OK();
}

// Reads the predictions; a line score.py's try block rejects is counted in
// *unparsable and skipped.
Status LoadPreds(std::string_view text, PredIndex* preds, int64_t* unparsable) {
  return ForEachLine(text, [&](int, std::string_view json) {
    Pred pred;
    std::string error;
    if (!ParseJson(json, &pred.value, &error) ||
        !PyInt(Field(pred.value, "quote_start"), &pred.start).ok() ||
        !PyInt(Field(pred.value, "quote_end"), &pred.end).ok()) {
      ++*unparsable;
      return Status::OK();
    }
    (*preds)[Str(Field(pred.value, "doc_id"))].push_back(std::move(pred));
    return Status::OK();
  });
}

// ---------------------------------------------------------------------------
// Speakers.

constexpr std::string_view kPronouns[] = {
    "he",  "she", "they", "it",  "we",   "i",     "you",
    "him", "her", "them", "his", "hers", "their", "its",
    "our", "us",  "me",   "one", "who",  "which", "that"};
constexpr std::string_view kTitles[] = {
    "mr",      "mrs",  "ms",     "miss",      "dr",        "prof",       "sir",
    "dame",    "lord", "lady",   "president", "prime",     "minister",   "sen",
    "senator", "rep",  "gov",    "governor",  "mayor",     "chancellor", "king",
    "queen",   "the",  "former", "chief",     "secretary", "general",    "gen",
    "col",     "capt", "rev",    "st",        "jr",        "sr"};

template <size_t N>
bool Contains(const std::string_view (&words)[N], std::string_view word) {
  return std::find(std::begin(words), std::end(words), word) != std::end(words);
}

using NameSet = std::set<std::string>;

bool IsSubset(const NameSet& a, const NameSet& b) {
  return std::includes(b.begin(), b.end(), a.begin(), a.end());
}

// "names <= PRONOUNS"; true for an empty set, as in Python.
bool AllPronouns(const NameSet& names) {
  return std::all_of(names.begin(), names.end(), [](const std::string& w) {
    return Contains(kPronouns, w);
  });
}

// name_tokens(): the lower-cased word tokens of a name, titles dropped.
// A {"name": ...} object stands for its name.
NameSet NameTokens(const Value* name) {
  if (name != nullptr && name->has_struct_value()) {
    name = Or(Field(*name, "name"), Field(*name, "canonical_name"));
  }
  NameSet tokens;
  if (!Truthy(name) || !IsString(name)) return tokens;
  const std::u32string text = ToCodePoints(name->string_value());
  for (const auto& [start, end] : WordTokens(text)) {
    std::string word =
        Lower(std::u32string_view(text).substr(start, end - start));
    if (!Contains(kTitles, word)) tokens.insert(std::move(word));
  }
  return tokens;
}

bool NamesAgree(const NameSet& a, const NameSet& b) {
  return !a.empty() && !b.empty() && (IsSubset(a, b) || IsSubset(b, a));
}

// "ps < ge and gs < pe", with Python's short-circuit and its TypeError on a
// gold offset that is not a number.
Status MentionsOverlap(int64_t ps, int64_t pe, const Value* gs, const Value* ge,
                       bool* overlap) {
  double gold_end = 0, gold_start = 0;
  QUOTES_RETURN_IF_ERROR(PyNumber(ge, &gold_end));
  *overlap = false;
  if (!(ps < gold_end)) return Status::OK();
  QUOTES_RETURN_IF_ERROR(PyNumber(gs, &gold_start));
  *overlap = gold_start < pe;
  return Status::OK();
}

// speaker_ok().  Note that score.py compares the prediction's mention, in
// code points, with the gold mention's raw offsets here.
Status SpeakerOk(const GoldDoc& doc, const Value& gq, const Value& pq,
                 bool* ok) {
  *ok = true;
  const Value* pname = Field(pq, "speaker");
  bool has_gname = Truthy(Field(gq, "speaker"));
  const NameSet gn = has_gname ? NameTokens(Field(gq, "speaker")) : NameSet();
  if (has_gname && AllPronouns(gn)) {
    has_gname = false;  // A bare mention such as "we" is no canonical name.
  }
  const Value* gs = Field(gq, "speaker_start");
  const Value* speaker_text = Field(gq, "speaker_text");
  if (!has_gname && IsNone(gs) && !Truthy(speaker_text)) {
    *ok = !Truthy(pname);  // Gold names no source: right only if none claimed.
    return Status::OK();
  }
  NameSet pn = NameTokens(pname);
  if (AllPronouns(pn)) pn.clear();
  if (has_gname && NamesAgree(gn, pn)) return Status::OK();
  const Value* ps = Field(pq, "speaker_start");
  const Value* pe = Field(pq, "speaker_end");
  if (!has_gname && !IsNone(gs) && !IsNone(ps) && !IsNone(pe)) {
    int64_t start = 0, end = 0;
    QUOTES_RETURN_IF_ERROR(PyInt(ps, &start));
    QUOTES_RETURN_IF_ERROR(PyInt(pe, &end));
    bool overlap = false;
    QUOTES_RETURN_IF_ERROR(MentionsOverlap(doc.B2C(start), doc.B2C(end), gs,
                                           Field(gq, "speaker_end"), &overlap));
    if (overlap) return Status::OK();
  }
  if (!has_gname && Truthy(speaker_text) && !pn.empty()) {
    NameSet gm = NameTokens(speaker_text);
    if (!AllPronouns(gm) && NamesAgree(gm, pn)) return Status::OK();
  }
  *ok = false;
  return Status::OK();
}

// _spans_overlap(): the mentions overlap, both in code points.
Status MentionSpansOverlap(const GoldDoc& doc, const Value& gq, const Value& pq,
                           bool* overlap) {
  *overlap = false;
  const Value* gs = Field(gq, "speaker_start");
  const Value* ge = Field(gq, "speaker_end");
  const Value* ps = Field(pq, "speaker_start");
  const Value* pe = Field(pq, "speaker_end");
  if (IsNone(gs) || IsNone(ps) || IsNone(pe)) return Status::OK();
  Value gs_chars, ge_chars;  // Gold offsets in code points.
  if (doc.utf8_offsets) {
    int64_t start = 0, end = 0;
    QUOTES_RETURN_IF_ERROR(PyInt(gs, &start));
    QUOTES_RETURN_IF_ERROR(PyInt(ge, &end));
    gs_chars.set_number_value(doc.B2C(start));
    ge_chars.set_number_value(doc.B2C(end));
    gs = &gs_chars;
    ge = &ge_chars;
  }
  int64_t start = 0, end = 0;
  QUOTES_RETURN_IF_ERROR(PyInt(ps, &start));
  QUOTES_RETURN_IF_ERROR(PyInt(pe, &end));
  return MentionsOverlap(doc.B2C(start), doc.B2C(end), gs, ge, overlap);
}

// ---------------------------------------------------------------------------
// Error lines (score.py --errors).

// repr(q.get("quote_text", "")[:n]).
Status QuoteTextRepr(const Value& q, size_t n, std::string* out) {
  const Value* v = Field(q, "quote_text");
  if (v == nullptr) {
    *out = "''";
  } else if (IsString(v)) {
    *out = StringRepr(CodePointPrefix(v->string_value(), n));
  } else if (v->has_list_value()) {
    Value head;
    auto* items = head.mutable_list_value();
    for (const Value& item : v->list_value().values()) {
      if (static_cast<size_t>(items->values_size()) == n) break;
      *items->add_values() = item;
    }
    *out = Repr(&head);
  } else {
    return Status::InvalidArgument("quote_text " + Repr(v) +
                                   " cannot be sliced");
  }
  return Status::OK();
}

// repr(q.get("speaker") or q.get("speaker_text")).
std::string GoldSpeakerRepr(const Value& q) {
  return Repr(Or(Field(q, "speaker"), Field(q, "speaker_text")));
}

Status MissedLine(const GoldDoc& doc, const Value& q, std::string* line) {
  std::string text;
  QUOTES_RETURN_IF_ERROR(QuoteTextRepr(q, 120, &text));
  *line = "MISSED " + doc.id.text + ": " + GoldSpeakerRepr(q) + " :: " + text;
  return Status::OK();
}

Status WrongSpeakerLine(const GoldDoc& doc, const Value& q, const Value& p,
                        std::string* line) {
  std::string text;
  QUOTES_RETURN_IF_ERROR(QuoteTextRepr(q, 100, &text));
  *line = "WRONG SPEAKER " + doc.id.text + ": gold=" + GoldSpeakerRepr(q) +
          " pred=" + Repr(Field(p, "speaker")) + " :: " + text;
  return Status::OK();
}

// text.encode("utf-8")[start:end].decode("utf-8", "replace")
std::string DecodedByteSlice(const std::string& text, int64_t start,
                             int64_t end) {
  const int64_t size = text.size();
  const auto python_index = [size](int64_t i) {
    return i < 0 ? std::max<int64_t>(i + size, 0) : std::min(i, size);
  };
  start = python_index(start);
  end = python_index(end);
  std::string out;
  if (end <= start) return out;
  const std::string_view bytes =
      std::string_view(text).substr(start, end - start);
  char32_t c;
  for (size_t pos = 0; pos < bytes.size();) {
    DecodeUtf8(bytes, &pos, &c);
    AppendUtf8(c, &out);
  }
  return out;
}

std::string SpuriousLine(const GoldDoc& doc, const Pred& p) {
  const std::string text = DecodedByteSlice(doc.text, p.start, p.end);
  return "SPURIOUS " + doc.id.text + ": " + Repr(Field(p.value, "speaker")) +
         " :: " + StringRepr(CodePointPrefix(text, 120));
}

// ---------------------------------------------------------------------------
// Quote matching (score.py's main loop).

// Indices of the tokens whose midpoint lies in one of the spans: covered().
using TokenSet = std::vector<int32_t>;

TokenSet Covered(const GoldDoc& doc, const std::vector<Span>& spans) {
  TokenSet set;
  const auto& mid2 = doc.token_mid2;  // Sorted: tokens do not overlap.
  for (const Span& span : spans) {
    // start <= (s + e) / 2 < end, in integers.
    auto lo = std::lower_bound(mid2.begin(), mid2.end(), 2 * span.start);
    auto hi = std::lower_bound(mid2.begin(), mid2.end(), 2 * span.end);
    for (auto it = lo; it < hi; ++it) set.push_back(it - mid2.begin());
  }
  if (spans.size() > 1) {
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
  }
  return set;
}

size_t IntersectionSize(const TokenSet& a, const TokenSet& b) {
  size_t n = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++n, ++i, ++j;
    }
  }
  return n;
}

// 2 * inter / (len(a) + len(b)) >= 0.5, computed as Python does.
bool DiceMatches(size_t inter, size_t a, size_t b, double* dice) {
  *dice = static_cast<double>(2 * inter) / static_cast<double>(a + b);
  return inter > 0 && *dice >= 0.5;
}

// The one-to-one matching: pairs with Dice >= 0.5 taken best first, ties to
// the higher gold index, then the higher prediction index (Python sorts
// (dice, i, j) tuples in reverse).  Returns the prediction matched to each
// gold quote, or -1.  An index of tokens to gold quotes avoids comparing
// every pair.
std::vector<int> MatchQuotes(const std::vector<TokenSet>& gold,
                             const std::vector<TokenSet>& pred,
                             size_t token_count) {
  std::vector<std::vector<int>> gold_of_token(token_count);
  for (size_t i = 0; i < gold.size(); ++i) {
    for (int32_t t : gold[i]) gold_of_token[t].push_back(i);
  }
  std::vector<std::tuple<double, int, int>> pairs;
  std::vector<size_t> inter(gold.size(), 0);
  std::vector<int> touched;
  for (size_t j = 0; j < pred.size(); ++j) {
    for (int32_t t : pred[j]) {
      for (int i : gold_of_token[t]) {
        if (inter[i]++ == 0) touched.push_back(i);
      }
    }
    for (int i : touched) {
      double dice = 0;
      if (DiceMatches(inter[i], gold[i].size(), pred[j].size(), &dice)) {
        pairs.emplace_back(dice, i, j);
      }
      inter[i] = 0;
    }
    touched.clear();
  }
  std::sort(pairs.begin(), pairs.end(), std::greater<>());
  std::vector<int> gold_match(gold.size(), -1);
  std::vector<bool> pred_taken(pred.size(), false);
  for (const auto& [dice, i, j] : pairs) {
    if (gold_match[i] < 0 && !pred_taken[j]) {
      gold_match[i] = j;
      pred_taken[j] = true;
    }
  }
  return gold_match;
}

struct KindTally {
  PyKey kind;
  int64_t found = 0;
  int64_t total = 0;
};

// The counters of score.py's main loop.
struct MatchTally {
  int64_t n_gold = 0;
  int64_t n_pred = 0;
  int64_t tp = 0;
  int64_t tp_exact = 0;
  int64_t speaker_ok = 0;
  std::vector<KindTally> by_kind;  // In order of first appearance.
  std::vector<std::string> errors;
};

KindTally* TallyFor(const PyKey& kind, MatchTally* tally) {
  for (KindTally& k : tally->by_kind) {
    if (k.kind == kind) return &k;
  }
  tally->by_kind.push_back(KindTally{kind});
  return &tally->by_kind.back();
}

// Scores the predictions "preds" of one document into *tally.
Status ScoreDoc(const GoldDoc& doc, const std::vector<Pred>& preds,
                int max_errors, MatchTally* tally) {
  std::vector<const GoldQuote*> gold;
  std::vector<TokenSet> gsets, osets, psets;
  for (const GoldQuote& q : doc.quotes) {
    if (q.required) gold.push_back(&q);
    (q.required ? gsets : osets).push_back(Covered(doc, q.spans));
  }
  for (const Pred& p : preds) {
    psets.push_back(Covered(doc, {{doc.B2C(p.start), doc.B2C(p.end)}}));
  }
  const std::vector<int> gold_match =
      MatchQuotes(gsets, psets, doc.token_mid2.size());
  std::vector<bool> matched(preds.size(), false), ignored(preds.size(), false);
  for (int j : gold_match) {
    if (j >= 0) matched[j] = true;
  }
  // Predictions that match an optional gold quote are neither right nor wrong.
  for (size_t j = 0; j < preds.size(); ++j) {
    for (const TokenSet& o : osets) {
      double dice = 0;
      if (!matched[j] && DiceMatches(IntersectionSize(o, psets[j]), o.size(),
                                     psets[j].size(), &dice)) {
        ignored[j] = true;
      }
    }
  }
  tally->n_gold += gold.size();
  tally->n_pred +=
      preds.size() - std::count(ignored.begin(), ignored.end(), true);
  const auto room = [&] {
    return static_cast<int64_t>(tally->errors.size()) < max_errors;
  };

  for (size_t i = 0; i < gold.size(); ++i) {
    const Value& q = *gold[i]->value;
    const Value* kind_value = Field(q, "kind");
    PyKey kind{PyKey::Type::kString, 0, "unknown"};
    if (kind_value != nullptr)
      QUOTES_RETURN_IF_ERROR(MakeKey(kind_value, &kind));
    KindTally* by_kind = TallyFor(kind, tally);
    ++by_kind->total;
    std::string line;
    if (gold_match[i] >= 0) {
      const int j = gold_match[i];
      ++tally->tp;
      ++by_kind->found;
      if (gsets[i] == psets[j]) ++tally->tp_exact;
      bool ok = false;
      QUOTES_RETURN_IF_ERROR(SpeakerOk(doc, q, preds[j].value, &ok));
      if (ok) {
        ++tally->speaker_ok;
      } else if (room()) {
        QUOTES_RETURN_IF_ERROR(WrongSpeakerLine(doc, q, preds[j].value, &line));
        tally->errors.push_back(line);
      }
    } else if (room()) {
      QUOTES_RETURN_IF_ERROR(MissedLine(doc, q, &line));
      tally->errors.push_back(line);
    }
  }
  for (size_t j = 0; j < preds.size(); ++j) {
    if (!matched[j] && !ignored[j] && room()) {
      tally->errors.push_back(SpuriousLine(doc, preds[j]));
    }
  }
  return Status::OK();
}

const std::vector<Pred>& PredsOf(const GoldDoc& doc, const PredIndex& preds) {
  static const auto* const kNone = new std::vector<Pred>();
  if (doc.id.type != PyKey::Type::kString) return *kNone;  // Keys are str().
  auto it = preds.find(doc.id.text);
  return it == preds.end() ? *kNone : it->second;
}

// ---------------------------------------------------------------------------
// The Gender Gap Tracker's metric: ggt_style().

// The set of characters of a gold quote, as sorted disjoint spans.
std::vector<Span> CharacterSet(std::vector<Span> spans) {
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.start < b.start; });
  std::vector<Span> merged;
  for (const Span& s : spans) {
    if (s.end <= s.start) continue;  // range(s, e) is empty.
    if (!merged.empty() && s.start <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, s.end);
    } else {
      merged.push_back(s);
    }
  }
  return merged;
}

int64_t Size(const std::vector<Span>& set) {
  int64_t n = 0;
  for (const Span& s : set) n += s.end - s.start;
  return n;
}

int64_t OverlapSize(const std::vector<Span>& set, const Span& span) {
  int64_t n = 0;
  for (const Span& s : set) {
    n += std::max<int64_t>(
        0, std::min(s.end, span.end) - std::max(s.start, span.start));
  }
  return n;
}

struct GgtTally {
  int64_t tp = 0;
  int64_t fn = 0;
  int64_t fp = 0;
  int64_t speaker = 0;
};

Status GgtDoc(const GoldDoc& doc, const std::vector<Pred>& preds,
              double threshold, GgtTally* tally) {
  std::vector<const Pred*> remaining;
  for (const Pred& p : preds) remaining.push_back(&p);
  const auto chars = [&doc](const Pred* p) {
    return Span{doc.B2C(p->start), doc.B2C(p->end)};
  };
  for (const GoldQuote& q : doc.quotes) {
    if (!q.required) continue;
    const std::vector<Span> g = CharacterSet(q.spans);
    const int64_t g_size = Size(g);
    auto best = remaining.end();
    double best_score = 0.0;
    for (auto it = remaining.begin(); it != remaining.end(); ++it) {
      const Span pc = chars(*it);
      const double score = g_size > 0 && pc.end > pc.start
                               ? static_cast<double>(OverlapSize(g, pc)) /
                                     static_cast<double>(g_size)
                               : 0.0;
      if (score > threshold && score > best_score) {
        best = it;
        best_score = score;
      }
    }
    if (best == remaining.end()) {
      ++tally->fn;
      continue;
    }
    ++tally->tp;
    const Pred& p = **best;
    remaining.erase(best);
    bool ok = false;
    QUOTES_RETURN_IF_ERROR(SpeakerOk(doc, *q.value, p.value, &ok));
    if (!ok)
      QUOTES_RETURN_IF_ERROR(MentionSpansOverlap(doc, *q.value, p.value, &ok));
    if (ok) ++tally->speaker;
  }
  // A prediction of an optional gold quote is neither right nor wrong.
  for (const GoldQuote& q : doc.quotes) {
    if (q.required) continue;
    const std::vector<Span> g = CharacterSet(q.spans);
    const int64_t g_size = Size(g);
    if (g_size == 0 && !remaining.empty()) {
      return Status::InvalidArgument("optional quote with no characters");
    }
    remaining.erase(
        std::remove_if(remaining.begin(), remaining.end(),
                       [&](const Pred* p) {
                         return static_cast<double>(OverlapSize(g, chars(p))) /
                                    static_cast<double>(g_size) >
                                threshold;
                       }),
        remaining.end());
  }
  tally->fp += remaining.size();
  return Status::OK();
}

double Ratio(int64_t a, int64_t b) {
  return b != 0 ? static_cast<double>(a) / static_cast<double>(b) : 0.0;
}

double F1(double p, double r) { return p + r != 0 ? 2 * p * r / (p + r) : 0.0; }

Status Ggt(const std::vector<std::unique_ptr<GoldDoc>>& docs,
           const PredIndex& preds, double threshold, GgtFigures* figures) {
  GgtTally t;
  for (const auto& doc : docs) {
    Status s = GgtDoc(*doc, PredsOf(*doc, preds), threshold, &t);
    if (!s.ok()) return Status::InvalidArgument(doc->id.text, s.message());
  }
  const double p = Ratio(t.tp, t.tp + t.fp);
  const double r = Ratio(t.tp, t.tp + t.fn);
  figures->precision = Round4(p);
  figures->recall = Round4(r);
  figures->f1 = Round4(F1(p, r));
  figures->speaker_accuracy = Round4(Ratio(t.speaker, t.tp));
  return Status::OK();
}

// ---------------------------------------------------------------------------
// Figures.

// recall_by_kind: sorted(by_kind.items()).  Python cannot order keys of
// different types (None, numbers, strings), nor can this.
Status RecallByKind(std::vector<KindTally> kinds,
                    std::vector<KindRecall>* out) {
  for (const KindTally& k : kinds) {
    if (k.kind.type != kinds[0].kind.type) {
      return Status::InvalidArgument("recall_by_kind",
                                     "kinds of different types");
    }
  }
  std::sort(kinds.begin(), kinds.end(),
            [](const KindTally& a, const KindTally& b) {
              return a.kind.type == PyKey::Type::kNumber
                         ? a.kind.number < b.kind.number
                         : a.kind.text < b.kind.text;
            });
  for (const KindTally& k : kinds) {
    out->push_back(KindRecall{k.kind.text, k.kind.type == PyKey::Type::kString,
                              Round4(Ratio(k.found, k.total))});
  }
  return Status::OK();
}

Status Score(std::string_view gold_name, std::string_view gold_jsonl,
             std::string_view pred_name, std::string_view pred_jsonl,
             const ScoreOptions& options, ScoreReport* report) {
  QUOTES_RETURN_IF_ERROR(CheckUtf8(gold_name, gold_jsonl));
  std::vector<std::unique_ptr<GoldDoc>> docs;
  QUOTES_RETURN_IF_ERROR(LoadGold(gold_name, gold_jsonl, &docs));
  QUOTES_RETURN_IF_ERROR(CheckUtf8(pred_name, pred_jsonl));
  ScoreReport r;
  PredIndex preds;
  QUOTES_RETURN_IF_ERROR(
      LoadPreds(pred_jsonl, &preds, &r.unparsable_pred_lines));

  MatchTally t;
  for (const auto& doc : docs) {
    Status s = ScoreDoc(*doc, PredsOf(*doc, preds), options.max_errors, &t);
    if (!s.ok()) return Status::InvalidArgument(doc->id.text, s.message());
  }
  const double p = Ratio(t.tp, t.n_pred), rc = Ratio(t.tp, t.n_gold);
  const double ap = Ratio(t.speaker_ok, t.n_pred),
               ar = Ratio(t.speaker_ok, t.n_gold);
  r.gold_quotes = t.n_gold;
  r.pred_quotes = t.n_pred;
  r.quote_precision = Round4(p);
  r.quote_recall = Round4(rc);
  r.quote_f1 = Round4(F1(p, rc));
  r.quote_exact_f1 =
      Round4(F1(Ratio(t.tp_exact, t.n_pred), Ratio(t.tp_exact, t.n_gold)));
  r.speaker_accuracy_on_matched = Round4(Ratio(t.speaker_ok, t.tp));
  r.attribution_precision = Round4(ap);
  r.attribution_recall = Round4(ar);
  r.attribution_f1 = Round4(F1(ap, ar));
  QUOTES_RETURN_IF_ERROR(RecallByKind(std::move(t.by_kind), &r.recall_by_kind));
  QUOTES_RETURN_IF_ERROR(Ggt(docs, preds, 0.3, &r.ggt_03));
  QUOTES_RETURN_IF_ERROR(Ggt(docs, preds, 0.8, &r.ggt_08));
  r.errors = std::move(t.errors);
  *report = std::move(r);
  return Status::OK();
}

Status ReadFile(const std::string& path, std::string* contents) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(path, std::strerror(errno));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Status::IOError(path, "read error");
  *contents = buffer.str();
  return Status::OK();
}

// A figure as Python prints it, and as json.dumps writes it.
struct Rendered {
  std::string key;
  std::string python;
  std::string json;
};

// A dict of already rendered values, in Python's and in JSON's notation.
Rendered Dict(const std::string& key,
              const std::vector<std::pair<Rendered, bool>>& items) {
  std::string python, json;
  for (const auto& [item, key_is_string] : items) {
    const std::string sep = python.empty() ? "" : ", ";
    python += sep + (key_is_string ? StringRepr(item.key) : item.key) + ": " +
              item.python;
    std::string json_key = item.key;
    if (!key_is_string) {
      if (json_key == "None") json_key = "null";
      if (json_key == "True") json_key = "true";
      if (json_key == "False") json_key = "false";
    }
    json += sep + JsonString(json_key) + ": " + item.json;
  }
  return {key, "{" + python + "}", "{" + json + "}"};
}

Rendered Number(const std::string& key, double value) {
  return {key, FloatRepr(value), FloatRepr(value)};
}

Rendered Count(const std::string& key, int64_t value) {
  return {key, std::to_string(value), std::to_string(value)};
}

Rendered GgtDict(const std::string& key, const GgtFigures& g) {
  return Dict(key, {{Number("precision", g.precision), true},
                    {Number("recall", g.recall), true},
                    {Number("f1", g.f1), true},
                    {Number("speaker_accuracy", g.speaker_accuracy), true}});
}

}  // namespace

Status ScoreDocuments(std::string_view gold_name, std::string_view gold_jsonl,
                      std::string_view pred_jsonl, const ScoreOptions& options,
                      ScoreReport* report) {
  return Score(gold_name, gold_jsonl, "predictions", pred_jsonl, options,
               report);
}

Status ScoreJsonl(const std::string& gold_path, const std::string& pred_path,
                  const ScoreOptions& options, ScoreReport* report) {
  std::string gold, pred;
  QUOTES_RETURN_IF_ERROR(ReadFile(gold_path, &gold));
  QUOTES_RETURN_IF_ERROR(ReadFile(pred_path, &pred));
  return Score(gold_path, gold, pred_path, pred, options, report);
}

std::string FormatReport(const ScoreReport& report, bool json) {
  std::vector<std::pair<Rendered, bool>> kinds;
  for (const KindRecall& k : report.recall_by_kind) {
    kinds.emplace_back(Number(k.kind, k.recall), k.kind_is_string);
  }
  const Rendered figures[] = {
      Count("gold_quotes", report.gold_quotes),
      Count("pred_quotes", report.pred_quotes),
      Count("unparsable_pred_lines", report.unparsable_pred_lines),
      Number("quote_precision", report.quote_precision),
      Number("quote_recall", report.quote_recall),
      Number("quote_f1", report.quote_f1),
      Number("quote_exact_f1", report.quote_exact_f1),
      Number("speaker_accuracy_on_matched", report.speaker_accuracy_on_matched),
      Number("attribution_precision", report.attribution_precision),
      Number("attribution_recall", report.attribution_recall),
      Number("attribution_f1", report.attribution_f1),
      Dict("recall_by_kind", kinds),
      GgtDict("ggt_0.3", report.ggt_03),
      GgtDict("ggt_0.8", report.ggt_08),
  };
  std::string out;
  for (const std::string& e : report.errors) out += e + "\n";
  if (json) {
    std::string object;
    for (const Rendered& f : figures) {
      object +=
          (object.empty() ? "" : ", ") + JsonString(f.key) + ": " + f.json;
    }
    return out + "{" + object + "}\n";
  }
  for (const Rendered& f : figures) out += f.key + ": " + f.python + "\n";
  return out;
}

// ---------------------------------------------------------------------------
// Tables generated from Python 3.11's unicodedata (Unicode 14.0):
//   ranges of c for which a predicate holds, as "first-last" or "first";
//   lower-case runs "first-last:delta/stride": c.lower() == c + delta for
//   every stride-th c from first.
// Regenerate by evaluating, for every code point c, chr(c).isalnum() or
// c == 0x5F; not chr(c).isprintable(); and len(chr(c).lower()) == 1.

namespace {

// Python's \w: str.isalnum() or "_".
const char kWordRanges[] =
    "30-39 41-5a 5f 61-7a aa b2-b3 b5 b9-ba bc-be c0-d6 d8-f6 f8-2c1 2c6-2d1 "
    "2e0-2e4 2ec 2ee 370-374 376-377 37a-37d 37f 386 388-38a 38c 38e-3a1 "
    "3a3-3f5 3f7-481 48a-52f 531-556 559 560-588 5d0-5ea 5ef-5f2 620-64a "
    "660-669 66e-66f 671-6d3 6d5 6e5-6e6 6ee-6fc 6ff 710 712-72f 74d-7a5 7b1 "
    "7c0-7ea 7f4-7f5 7fa 800-815 81a 824 828 840-858 860-86a 870-887 889-88e "
    "8a0-8c9 904-939 93d 950 958-961 966-96f 971-980 985-98c 98f-990 993-9a8 "
    "9aa-9b0 9b2 9b6-9b9 9bd 9ce 9dc-9dd 9df-9e1 9e6-9f1 9f4-9f9 9fc a05-a0a "
    "a0f-a10 a13-a28 a2a-a30 a32-a33 a35-a36 a38-a39 a59-a5c a5e a66-a6f "
    "a72-a74 a85-a8d a8f-a91 a93-aa8 aaa-ab0 ab2-ab3 ab5-ab9 abd ad0 ae0-ae1 "
    "ae6-aef af9 b05-b0c b0f-b10 b13-b28 b2a-b30 b32-b33 b35-b39 b3d b5c-b5d "
    "b5f-b61 b66-b6f b71-b77 b83 b85-b8a b8e-b90 b92-b95 b99-b9a b9c b9e-b9f "
    "ba3-ba4 ba8-baa bae-bb9 bd0 be6-bf2 c05-c0c c0e-c10 c12-c28 c2a-c39 c3d "
    "c58-c5a c5d c60-c61 c66-c6f c78-c7e c80 c85-c8c c8e-c90 c92-ca8 caa-cb3 "
    "cb5-cb9 cbd cdd-cde ce0-ce1 ce6-cef cf1-cf2 d04-d0c d0e-d10 d12-d3a d3d "
    "d4e d54-d56 d58-d61 d66-d78 d7a-d7f d85-d96 d9a-db1 db3-dbb dbd dc0-dc6 "
    "de6-def e01-e30 e32-e33 e40-e46 e50-e59 e81-e82 e84 e86-e8a e8c-ea3 ea5 "
    "ea7-eb0 eb2-eb3 ebd ec0-ec4 ec6 ed0-ed9 edc-edf f00 f20-f33 f40-f47 "
    "f49-f6c f88-f8c 1000-102a 103f-1049 1050-1055 105a-105d 1061 1065-1066 "
    "106e-1070 1075-1081 108e 1090-1099 10a0-10c5 10c7 10cd 10d0-10fa "
    "10fc-1248 124a-124d 1250-1256 1258 125a-125d 1260-1288 128a-128d "
    "1290-12b0 12b2-12b5 12b8-12be 12c0 12c2-12c5 12c8-12d6 12d8-1310 "
    "1312-1315 1318-135a 1369-137c 1380-138f 13a0-13f5 13f8-13fd 1401-166c "
    "166f-167f 1681-169a 16a0-16ea 16ee-16f8 1700-1711 171f-1731 1740-1751 "
    "1760-176c 176e-1770 1780-17b3 17d7 17dc 17e0-17e9 17f0-17f9 1810-1819 "
    "1820-1878 1880-1884 1887-18a8 18aa 18b0-18f5 1900-191e 1946-196d "
    "1970-1974 1980-19ab 19b0-19c9 19d0-19da 1a00-1a16 1a20-1a54 1a80-1a89 "
    "1a90-1a99 1aa7 1b05-1b33 1b45-1b4c 1b50-1b59 1b83-1ba0 1bae-1be5 "
    "1c00-1c23 1c40-1c49 1c4d-1c7d 1c80-1c88 1c90-1cba 1cbd-1cbf 1ce9-1cec "
    "1cee-1cf3 1cf5-1cf6 1cfa 1d00-1dbf 1e00-1f15 1f18-1f1d 1f20-1f45 "
    "1f48-1f4d 1f50-1f57 1f59 1f5b 1f5d 1f5f-1f7d 1f80-1fb4 1fb6-1fbc 1fbe "
    "1fc2-1fc4 1fc6-1fcc 1fd0-1fd3 1fd6-1fdb 1fe0-1fec 1ff2-1ff4 1ff6-1ffc "
    "2070-2071 2074-2079 207f-2089 2090-209c 2102 2107 210a-2113 2115 "
    "2119-211d 2124 2126 2128 212a-212d 212f-2139 213c-213f 2145-2149 214e "
    "2150-2189 2460-249b 24ea-24ff 2776-2793 2c00-2ce4 2ceb-2cee 2cf2-2cf3 "
    "2cfd 2d00-2d25 2d27 2d2d 2d30-2d67 2d6f 2d80-2d96 2da0-2da6 2da8-2dae "
    "2db0-2db6 2db8-2dbe 2dc0-2dc6 2dc8-2dce 2dd0-2dd6 2dd8-2dde 2e2f "
    "3005-3007 3021-3029 3031-3035 3038-303c 3041-3096 309d-309f 30a1-30fa "
    "30fc-30ff 3105-312f 3131-318e 3192-3195 31a0-31bf 31f0-31ff 3220-3229 "
    "3248-324f 3251-325f 3280-3289 32b1-32bf 3400-4dbf 4e00-a48c a4d0-a4fd "
    "a500-a60c a610-a62b a640-a66e a67f-a69d a6a0-a6ef a717-a71f a722-a788 "
    "a78b-a7ca a7d0-a7d1 a7d3 a7d5-a7d9 a7f2-a801 a803-a805 a807-a80a "
    "a80c-a822 a830-a835 a840-a873 a882-a8b3 a8d0-a8d9 a8f2-a8f7 a8fb "
    "a8fd-a8fe a900-a925 a930-a946 a960-a97c a984-a9b2 a9cf-a9d9 a9e0-a9e4 "
    "a9e6-a9fe aa00-aa28 aa40-aa42 aa44-aa4b aa50-aa59 aa60-aa76 aa7a "
    "aa7e-aaaf aab1 aab5-aab6 aab9-aabd aac0 aac2 aadb-aadd aae0-aaea "
    "aaf2-aaf4 ab01-ab06 ab09-ab0e ab11-ab16 ab20-ab26 ab28-ab2e ab30-ab5a "
    "ab5c-ab69 ab70-abe2 abf0-abf9 ac00-d7a3 d7b0-d7c6 d7cb-d7fb f900-fa6d "
    "fa70-fad9 fb00-fb06 fb13-fb17 fb1d fb1f-fb28 fb2a-fb36 fb38-fb3c fb3e "
    "fb40-fb41 fb43-fb44 fb46-fbb1 fbd3-fd3d fd50-fd8f fd92-fdc7 fdf0-fdfb "
    "fe70-fe74 fe76-fefc ff10-ff19 ff21-ff3a ff41-ff5a ff66-ffbe ffc2-ffc7 "
    "ffca-ffcf ffd2-ffd7 ffda-ffdc 10000-1000b 1000d-10026 10028-1003a "
    "1003c-1003d 1003f-1004d 10050-1005d 10080-100fa 10107-10133 10140-10178 "
    "1018a-1018b 10280-1029c 102a0-102d0 102e1-102fb 10300-10323 1032d-1034a "
    "10350-10375 10380-1039d 103a0-103c3 103c8-103cf 103d1-103d5 10400-1049d "
    "104a0-104a9 104b0-104d3 104d8-104fb 10500-10527 10530-10563 10570-1057a "
    "1057c-1058a 1058c-10592 10594-10595 10597-105a1 105a3-105b1 105b3-105b9 "
    "105bb-105bc 10600-10736 10740-10755 10760-10767 10780-10785 10787-107b0 "
    "107b2-107ba 10800-10805 10808 1080a-10835 10837-10838 1083c 1083f-10855 "
    "10858-10876 10879-1089e 108a7-108af 108e0-108f2 108f4-108f5 108fb-1091b "
    "10920-10939 10980-109b7 109bc-109cf 109d2-10a00 10a10-10a13 10a15-10a17 "
    "10a19-10a35 10a40-10a48 10a60-10a7e 10a80-10a9f 10ac0-10ac7 10ac9-10ae4 "
    "10aeb-10aef 10b00-10b35 10b40-10b55 10b58-10b72 10b78-10b91 10ba9-10baf "
    "10c00-10c48 10c80-10cb2 10cc0-10cf2 10cfa-10d23 10d30-10d39 10e60-10e7e "
    "10e80-10ea9 10eb0-10eb1 10f00-10f27 10f30-10f45 10f51-10f54 10f70-10f81 "
    "10fb0-10fcb 10fe0-10ff6 11003-11037 11052-1106f 11071-11072 11075 "
    "11083-110af 110d0-110e8 110f0-110f9 11103-11126 11136-1113f 11144 11147 "
    "11150-11172 11176 11183-111b2 111c1-111c4 111d0-111da 111dc 111e1-111f4 "
    "11200-11211 11213-1122b 11280-11286 11288 1128a-1128d 1128f-1129d "
    "1129f-112a8 112b0-112de 112f0-112f9 11305-1130c 1130f-11310 11313-11328 "
    "1132a-11330 11332-11333 11335-11339 1133d 11350 1135d-11361 11400-11434 "
    "11447-1144a 11450-11459 1145f-11461 11480-114af 114c4-114c5 114c7 "
    "114d0-114d9 11580-115ae 115d8-115db 11600-1162f 11644 11650-11659 "
    "11680-116aa 116b8 116c0-116c9 11700-1171a 11730-1173b 11740-11746 "
    "11800-1182b 118a0-118f2 118ff-11906 11909 1190c-11913 11915-11916 "
    "11918-1192f 1193f 11941 11950-11959 119a0-119a7 119aa-119d0 119e1 119e3 "
    "11a00 11a0b-11a32 11a3a 11a50 11a5c-11a89 11a9d 11ab0-11af8 11c00-11c08 "
    "11c0a-11c2e 11c40 11c50-11c6c 11c72-11c8f 11d00-11d06 11d08-11d09 "
    "11d0b-11d30 11d46 11d50-11d59 11d60-11d65 11d67-11d68 11d6a-11d89 11d98 "
    "11da0-11da9 11ee0-11ef2 11fb0 11fc0-11fd4 12000-12399 12400-1246e "
    "12480-12543 12f90-12ff0 13000-1342e 14400-14646 16800-16a38 16a40-16a5e "
    "16a60-16a69 16a70-16abe 16ac0-16ac9 16ad0-16aed 16b00-16b2f 16b40-16b43 "
    "16b50-16b59 16b5b-16b61 16b63-16b77 16b7d-16b8f 16e40-16e96 16f00-16f4a "
    "16f50 16f93-16f9f 16fe0-16fe1 16fe3 17000-187f7 18800-18cd5 18d00-18d08 "
    "1aff0-1aff3 1aff5-1affb 1affd-1affe 1b000-1b122 1b150-1b152 1b164-1b167 "
    "1b170-1b2fb 1bc00-1bc6a 1bc70-1bc7c 1bc80-1bc88 1bc90-1bc99 1d2e0-1d2f3 "
    "1d360-1d378 1d400-1d454 1d456-1d49c 1d49e-1d49f 1d4a2 1d4a5-1d4a6 "
    "1d4a9-1d4ac 1d4ae-1d4b9 1d4bb 1d4bd-1d4c3 1d4c5-1d505 1d507-1d50a "
    "1d50d-1d514 1d516-1d51c 1d51e-1d539 1d53b-1d53e 1d540-1d544 1d546 "
    "1d54a-1d550 1d552-1d6a5 1d6a8-1d6c0 1d6c2-1d6da 1d6dc-1d6fa 1d6fc-1d714 "
    "1d716-1d734 1d736-1d74e 1d750-1d76e 1d770-1d788 1d78a-1d7a8 1d7aa-1d7c2 "
    "1d7c4-1d7cb 1d7ce-1d7ff 1df00-1df1e 1e100-1e12c 1e137-1e13d 1e140-1e149 "
    "1e14e 1e290-1e2ad 1e2c0-1e2eb 1e2f0-1e2f9 1e7e0-1e7e6 1e7e8-1e7eb "
    "1e7ed-1e7ee 1e7f0-1e7fe 1e800-1e8c4 1e8c7-1e8cf 1e900-1e943 1e94b "
    "1e950-1e959 1ec71-1ecab 1ecad-1ecaf 1ecb1-1ecb4 1ed01-1ed2d 1ed2f-1ed3d "
    "1ee00-1ee03 1ee05-1ee1f 1ee21-1ee22 1ee24 1ee27 1ee29-1ee32 1ee34-1ee37 "
    "1ee39 1ee3b 1ee42 1ee47 1ee49 1ee4b 1ee4d-1ee4f 1ee51-1ee52 1ee54 1ee57 "
    "1ee59 1ee5b 1ee5d 1ee5f 1ee61-1ee62 1ee64 1ee67-1ee6a 1ee6c-1ee72 "
    "1ee74-1ee77 1ee79-1ee7c 1ee7e 1ee80-1ee89 1ee8b-1ee9b 1eea1-1eea3 "
    "1eea5-1eea9 1eeab-1eebb 1f100-1f10c 1fbf0-1fbf9 20000-2a6df 2a700-2b738 "
    "2b740-2b81d 2b820-2cea1 2ceb0-2ebe0 2f800-2fa1d 30000-3134a ";

// Not str.isprintable().
const char kUnprintableRanges[] =
    "0-1f 7f-a0 ad 378-379 380-383 38b 38d 3a2 530 557-558 58b-58c 590 "
    "5c8-5cf 5eb-5ee 5f5-605 61c 6dd 70e-70f 74b-74c 7b2-7bf 7fb-7fc 82e-82f "
    "83f 85c-85d 85f 86b-86f 88f-897 8e2 984 98d-98e 991-992 9a9 9b1 9b3-9b5 "
    "9ba-9bb 9c5-9c6 9c9-9ca 9cf-9d6 9d8-9db 9de 9e4-9e5 9ff-a00 a04 a0b-a0e "
    "a11-a12 a29 a31 a34 a37 a3a-a3b a3d a43-a46 a49-a4a a4e-a50 a52-a58 a5d "
    "a5f-a65 a77-a80 a84 a8e a92 aa9 ab1 ab4 aba-abb ac6 aca ace-acf ad1-adf "
    "ae4-ae5 af2-af8 b00 b04 b0d-b0e b11-b12 b29 b31 b34 b3a-b3b b45-b46 "
    "b49-b4a b4e-b54 b58-b5b b5e b64-b65 b78-b81 b84 b8b-b8d b91 b96-b98 b9b "
    "b9d ba0-ba2 ba5-ba7 bab-bad bba-bbd bc3-bc5 bc9 bce-bcf bd1-bd6 bd8-be5 "
    "bfb-bff c0d c11 c29 c3a-c3b c45 c49 c4e-c54 c57 c5b-c5c c5e-c5f c64-c65 "
    "c70-c76 c8d c91 ca9 cb4 cba-cbb cc5 cc9 cce-cd4 cd7-cdc cdf ce4-ce5 cf0 "
    "cf3-cff d0d d11 d45 d49 d50-d53 d64-d65 d80 d84 d97-d99 db2 dbc dbe-dbf "
    "dc7-dc9 dcb-dce dd5 dd7 de0-de5 df0-df1 df5-e00 e3b-e3e e5c-e80 e83 e85 "
    "e8b ea4 ea6 ebe-ebf ec5 ec7 ece-ecf eda-edb ee0-eff f48 f6d-f70 f98 fbd "
    "fcd fdb-fff 10c6 10c8-10cc 10ce-10cf 1249 124e-124f 1257 1259 125e-125f "
    "1289 128e-128f 12b1 12b6-12b7 12bf 12c1 12c6-12c7 12d7 1311 1316-1317 "
    "135b-135c 137d-137f 139a-139f 13f6-13f7 13fe-13ff 1680 169d-169f "
    "16f9-16ff 1716-171e 1737-173f 1754-175f 176d 1771 1774-177f 17de-17df "
    "17ea-17ef 17fa-17ff 180e 181a-181f 1879-187f 18ab-18af 18f6-18ff 191f "
    "192c-192f 193c-193f 1941-1943 196e-196f 1975-197f 19ac-19af 19ca-19cf "
    "19db-19dd 1a1c-1a1d 1a5f 1a7d-1a7e 1a8a-1a8f 1a9a-1a9f 1aae-1aaf "
    "1acf-1aff 1b4d-1b4f 1b7f 1bf4-1bfb 1c38-1c3a 1c4a-1c4c 1c89-1c8f "
    "1cbb-1cbc 1cc8-1ccf 1cfb-1cff 1f16-1f17 1f1e-1f1f 1f46-1f47 1f4e-1f4f "
    "1f58 1f5a 1f5c 1f5e 1f7e-1f7f 1fb5 1fc5 1fd4-1fd5 1fdc 1ff0-1ff1 1ff5 "
    "1fff-200f 2028-202f 205f-206f 2072-2073 208f 209d-209f 20c1-20cf "
    "20f1-20ff 218c-218f 2427-243f 244b-245f 2b74-2b75 2b96 2cf4-2cf8 2d26 "
    "2d28-2d2c 2d2e-2d2f 2d68-2d6e 2d71-2d7e 2d97-2d9f 2da7 2daf 2db7 2dbf "
    "2dc7 2dcf 2dd7 2ddf 2e5e-2e7f 2e9a 2ef4-2eff 2fd6-2fef 2ffc-3000 3040 "
    "3097-3098 3100-3104 3130 318f 31e4-31ef 321f a48d-a48f a4c7-a4cf "
    "a62c-a63f a6f8-a6ff a7cb-a7cf a7d2 a7d4 a7da-a7f1 a82d-a82f a83a-a83f "
    "a878-a87f a8c6-a8cd a8da-a8df a954-a95e a97d-a97f a9ce a9da-a9dd a9ff "
    "aa37-aa3f aa4e-aa4f aa5a-aa5b aac3-aada aaf7-ab00 ab07-ab08 ab0f-ab10 "
    "ab17-ab1f ab27 ab2f ab6c-ab6f abee-abef abfa-abff d7a4-d7af d7c7-d7ca "
    "d7fc-f8ff fa6e-fa6f fada-faff fb07-fb12 fb18-fb1c fb37 fb3d fb3f fb42 "
    "fb45 fbc3-fbd2 fd90-fd91 fdc8-fdce fdd0-fdef fe1a-fe1f fe53 fe67 "
    "fe6c-fe6f fe75 fefd-ff00 ffbf-ffc1 ffc8-ffc9 ffd0-ffd1 ffd8-ffd9 "
    "ffdd-ffdf ffe7 ffef-fffb fffe-ffff 1000c 10027 1003b 1003e 1004e-1004f "
    "1005e-1007f 100fb-100ff 10103-10106 10134-10136 1018f 1019d-1019f "
    "101a1-101cf 101fe-1027f 1029d-1029f 102d1-102df 102fc-102ff 10324-1032c "
    "1034b-1034f 1037b-1037f 1039e 103c4-103c7 103d6-103ff 1049e-1049f "
    "104aa-104af 104d4-104d7 104fc-104ff 10528-1052f 10564-1056e 1057b 1058b "
    "10593 10596 105a2 105b2 105ba 105bd-105ff 10737-1073f 10756-1075f "
    "10768-1077f 10786 107b1 107bb-107ff 10806-10807 10809 10836 10839-1083b "
    "1083d-1083e 10856 1089f-108a6 108b0-108df 108f3 108f6-108fa 1091c-1091e "
    "1093a-1093e 10940-1097f 109b8-109bb 109d0-109d1 10a04 10a07-10a0b 10a14 "
    "10a18 10a36-10a37 10a3b-10a3e 10a49-10a4f 10a59-10a5f 10aa0-10abf "
    "10ae7-10aea 10af7-10aff 10b36-10b38 10b56-10b57 10b73-10b77 10b92-10b98 "
    "10b9d-10ba8 10bb0-10bff 10c49-10c7f 10cb3-10cbf 10cf3-10cf9 10d28-10d2f "
    "10d3a-10e5f 10e7f 10eaa 10eae-10eaf 10eb2-10eff 10f28-10f2f 10f5a-10f6f "
    "10f8a-10faf 10fcc-10fdf 10ff7-10fff 1104e-11051 11076-1107e 110bd "
    "110c3-110cf 110e9-110ef 110fa-110ff 11135 11148-1114f 11177-1117f 111e0 "
    "111f5-111ff 11212 1123f-1127f 11287 11289 1128e 1129e 112aa-112af "
    "112eb-112ef 112fa-112ff 11304 1130d-1130e 11311-11312 11329 11331 11334 "
    "1133a 11345-11346 11349-1134a 1134e-1134f 11351-11356 11358-1135c "
    "11364-11365 1136d-1136f 11375-113ff 1145c 11462-1147f 114c8-114cf "
    "114da-1157f 115b6-115b7 115de-115ff 11645-1164f 1165a-1165f 1166d-1167f "
    "116ba-116bf 116ca-116ff 1171b-1171c 1172c-1172f 11747-117ff 1183c-1189f "
    "118f3-118fe 11907-11908 1190a-1190b 11914 11917 11936 11939-1193a "
    "11947-1194f 1195a-1199f 119a8-119a9 119d8-119d9 119e5-119ff 11a48-11a4f "
    "11aa3-11aaf 11af9-11bff 11c09 11c37 11c46-11c4f 11c6d-11c6f 11c90-11c91 "
    "11ca8 11cb7-11cff 11d07 11d0a 11d37-11d39 11d3b 11d3e 11d48-11d4f "
    "11d5a-11d5f 11d66 11d69 11d8f 11d92 11d99-11d9f 11daa-11edf 11ef9-11faf "
    "11fb1-11fbf 11ff2-11ffe 1239a-123ff 1246f 12475-1247f 12544-12f8f "
    "12ff3-12fff 1342f-143ff 14647-167ff 16a39-16a3f 16a5f 16a6a-16a6d 16abf "
    "16aca-16acf 16aee-16aef 16af6-16aff 16b46-16b4f 16b5a 16b62 16b78-16b7c "
    "16b90-16e3f 16e9b-16eff 16f4b-16f4e 16f88-16f8e 16fa0-16fdf 16fe5-16fef "
    "16ff2-16fff 187f8-187ff 18cd6-18cff 18d09-1afef 1aff4 1affc 1afff "
    "1b123-1b14f 1b153-1b163 1b168-1b16f 1b2fc-1bbff 1bc6b-1bc6f 1bc7d-1bc7f "
    "1bc89-1bc8f 1bc9a-1bc9b 1bca0-1ceff 1cf2e-1cf2f 1cf47-1cf4f 1cfc4-1cfff "
    "1d0f6-1d0ff 1d127-1d128 1d173-1d17a 1d1eb-1d1ff 1d246-1d2df 1d2f4-1d2ff "
    "1d357-1d35f 1d379-1d3ff 1d455 1d49d 1d4a0-1d4a1 1d4a3-1d4a4 1d4a7-1d4a8 "
    "1d4ad 1d4ba 1d4bc 1d4c4 1d506 1d50b-1d50c 1d515 1d51d 1d53a 1d53f 1d545 "
    "1d547-1d549 1d551 1d6a6-1d6a7 1d7cc-1d7cd 1da8c-1da9a 1daa0 1dab0-1deff "
    "1df1f-1dfff 1e007 1e019-1e01a 1e022 1e025 1e02b-1e0ff 1e12d-1e12f "
    "1e13e-1e13f 1e14a-1e14d 1e150-1e28f 1e2af-1e2bf 1e2fa-1e2fe 1e300-1e7df "
    "1e7e7 1e7ec 1e7ef 1e7ff 1e8c5-1e8c6 1e8d7-1e8ff 1e94c-1e94f 1e95a-1e95d "
    "1e960-1ec70 1ecb5-1ed00 1ed3e-1edff 1ee04 1ee20 1ee23 1ee25-1ee26 1ee28 "
    "1ee33 1ee38 1ee3a 1ee3c-1ee41 1ee43-1ee46 1ee48 1ee4a 1ee4c 1ee50 1ee53 "
    "1ee55-1ee56 1ee58 1ee5a 1ee5c 1ee5e 1ee60 1ee63 1ee65-1ee66 1ee6b 1ee73 "
    "1ee78 1ee7d 1ee7f 1ee8a 1ee9c-1eea0 1eea4 1eeaa 1eebc-1eeef 1eef2-1efff "
    "1f02c-1f02f 1f094-1f09f 1f0af-1f0b0 1f0c0 1f0d0 1f0f6-1f0ff 1f1ae-1f1e5 "
    "1f203-1f20f 1f23c-1f23f 1f249-1f24f 1f252-1f25f 1f266-1f2ff 1f6d8-1f6dc "
    "1f6ed-1f6ef 1f6fd-1f6ff 1f774-1f77f 1f7d9-1f7df 1f7ec-1f7ef 1f7f1-1f7ff "
    "1f80c-1f80f 1f848-1f84f 1f85a-1f85f 1f888-1f88f 1f8ae-1f8af 1f8b2-1f8ff "
    "1fa54-1fa5f 1fa6e-1fa6f 1fa75-1fa77 1fa7d-1fa7f 1fa87-1fa8f 1faad-1faaf "
    "1fabb-1fabf 1fac6-1facf 1fada-1fadf 1fae8-1faef 1faf7-1faff 1fb93 "
    "1fbcb-1fbef 1fbfa-1ffff 2a6e0-2a6ff 2b739-2b73f 2b81e-2b81f 2cea2-2ceaf "
    "2ebe1-2f7ff 2fa1e-2ffff 3134b-e00ff e01f0-10ffff ";

// str.lower() one-to-one mappings.
const char kLowerRuns[] =
    "41-5a:32 c0-d6:32 d8-de:32 100-12e:1/2 132-136:1/2 139-147:1/2 "
    "14a-176:1/2 178:-121 179-17d:1/2 181:210 182-184:1/2 186:206 187:1 "
    "189-18a:205 18b:1 18e:79 18f:202 190:203 191:1 193:205 194:207 "
    "196:211 197:209 198:1 19c:211 19d:213 19f:214 1a0-1a4:1/2 "
    "1a6:218 1a7:1 1a9:218 1ac:1 1ae:218 1af:1 1b1-1b2:217 "
    "1b3-1b5:1/2 1b7:219 1b8:1 1bc:1 1c4:2 1c5:1 1c7:2 1c8:1 1ca:2 "
    "1cb-1db:1/2 1de-1ee:1/2 1f1:2 1f2-1f4:1/2 1f6:-97 1f7:-56 "
    "1f8-21e:1/2 220:-130 222-232:1/2 23a:10795 23b:1 23d:-163 23e:10792 "
    "241:1 243:-195 244:69 245:71 246-24e:1/2 370-372:1/2 376:1 "
    "37f:116 386:38 388-38a:37 38c:64 38e-38f:63 391-3a1:32 3a3-3ab:32 "
    "3cf:8 3d8-3ee:1/2 3f4:-60 3f7:1 3f9:-7 3fa:1 3fd-3ff:-130 "
    "400-40f:80 410-42f:32 460-480:1/2 48a-4be:1/2 4c0:15 4c1-4cd:1/2 "
    "4d0-52e:1/2 531-556:48 10a0-10c5:7264 10c7:7264 10cd:7264 "
    "13a0-13ef:38864 13f0-13f5:8 1c90-1cba:-3008 1cbd-1cbf:-3008 "
    "1e00-1e94:1/2 1e9e:-7615 1ea0-1efe:1/2 1f08-1f0f:-8 1f18-1f1d:-8 "
    "1f28-1f2f:-8 1f38-1f3f:-8 1f48-1f4d:-8 1f59-1f5f:-8/2 1f68-1f6f:-8 "
    "1f88-1f8f:-8 1f98-1f9f:-8 1fa8-1faf:-8 1fb8-1fb9:-8 1fba-1fbb:-74 "
    "1fbc:-9 1fc8-1fcb:-86 1fcc:-9 1fd8-1fd9:-8 1fda-1fdb:-100 1fe8-1fe9:-8 "
    "1fea-1feb:-112 1fec:-7 1ff8-1ff9:-128 1ffa-1ffb:-126 1ffc:-9 2126:-7517 "
    "212a:-8383 212b:-8262 2132:28 2160-216f:16 2183:1 24b6-24cf:26 "
    "2c00-2c2f:48 2c60:1 2c62:-10743 2c63:-3814 2c64:-10727 2c67-2c6b:1/2 "
    "2c6d:-10780 2c6e:-10749 2c6f:-10783 2c70:-10782 2c72:1 2c75:1 "
    "2c7e-2c7f:-10815 2c80-2ce2:1/2 2ceb-2ced:1/2 2cf2:1 a640-a66c:1/2 "
    "a680-a69a:1/2 a722-a72e:1/2 a732-a76e:1/2 a779-a77b:1/2 a77d:-35332 "
    "a77e-a786:1/2 a78b:1 a78d:-42280 a790-a792:1/2 a796-a7a8:1/2 "
    "a7aa:-42308 a7ab:-42319 a7ac:-42315 a7ad:-42305 a7ae:-42308 a7b0:-42258 "
    "a7b1:-42282 a7b2:-42261 a7b3:928 a7b4-a7c2:1/2 a7c4:-48 a7c5:-42307 "
    "a7c6:-35384 a7c7-a7c9:1/2 a7d0:1 a7d6-a7d8:1/2 a7f5:1 ff21-ff3a:32 "
    "10400-10427:40 104b0-104d3:40 10570-1057a:39 1057c-1058a:39 "
    "1058c-10592:39 10594-10595:39 10c80-10cb2:64 118a0-118bf:32 "
    "16e40-16e5f:32 1e900-1e921:34 ";

std::string_view WordRangesText() { return kWordRanges; }
std::string_view UnprintableRangesText() { return kUnprintableRanges; }
std::string_view LowerRunsText() { return kLowerRuns; }

}  // namespace
}  // namespace quotes
