// Copyright The Quote Tracker Authors.

#include "quotes/utf8.h"

#include <array>

namespace quotes {

int DecodeUtf8Multibyte(std::string_view text, size_t pos, char32_t* cp) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data()) + pos;
  const size_t left = text.size() - pos;
  const unsigned char b0 = p[0];
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  int len;
  char32_t c;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, c = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, c = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, c = b0 & 0x07, min = 0x10000;
  } else {
    *cp = kReplacementChar;
    return 1;
  }
  if (static_cast<size_t>(len) > left) {
    *cp = kReplacementChar;
    return 1;
  }
  for (int i = 1; i < len; ++i) {
    if ((p[i] & 0xC0) != 0x80) {
      *cp = kReplacementChar;
      return 1;
    }
    c = (c << 6) | (p[i] & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    *cp = kReplacementChar;
    return 1;
  }
  *cp = c;
  return len;
}

size_t PreviousCodePoint(std::string_view text, size_t pos) {
  size_t start = pos - 1;
  int back = 0;
  while (start > 0 && back < 3 &&
         (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
    --start;
    ++back;
  }
  char32_t cp;
  if (DecodeUtf8(text, start, &cp) == static_cast<int>(pos - start)) {
    return start;
  }
  return pos - 1;
}

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t cp;
    int len = DecodeUtf8(text, i, &cp);
    if (cp == kReplacementChar && len == 1) return false;
    i += len;
  }
  return true;
}

void AppendValidUtf8(std::string_view text, std::string* out) {
  // Valid runs are appended whole; only an invalid byte breaks a run.
  size_t run = 0;
  size_t i = 0;
  while (i < text.size()) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    char32_t cp;
    const int len = DecodeUtf8Multibyte(text, i, &cp);
    if (cp == kReplacementChar && len == 1) {
      out->append(text.data() + run, i - run);
      out->append("\xEF\xBF\xBD");
      run = i + 1;
    }
    i += len;
  }
  out->append(text.data() + run, text.size() - run);
}

namespace utf8_internal {

namespace {
constexpr std::array<uint8_t, 128> MakeAsciiClass() {
  std::array<uint8_t, 128> t{};
  for (int c = 0; c < 128; ++c) {
    uint8_t v = 0;
    if (c == ' ' || (c >= '\t' && c <= '\r')) v |= kSpace;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) v |= kLetter;
    if (c >= 'A' && c <= 'Z') v |= kUpper;
    if (c >= '0' && c <= '9') v |= kDigit;
    t[c] = v;
  }
  return t;
}
constexpr std::array<uint8_t, 128> kTable = MakeAsciiClass();
}  // namespace

const uint8_t kAsciiClass[128] = {
#define Q(i) kTable[i], kTable[i + 1], kTable[i + 2], kTable[i + 3]
    Q(0),  Q(4),   Q(8),   Q(12),  Q(16),  Q(20),  Q(24),  Q(28),
    Q(32), Q(36),  Q(40),  Q(44),  Q(48),  Q(52),  Q(56),  Q(60),
    Q(64), Q(68),  Q(72),  Q(76),  Q(80),  Q(84),  Q(88),  Q(92),
    Q(96), Q(100), Q(104), Q(108), Q(112), Q(116), Q(120), Q(124),
#undef Q
};

bool IsSpaceSlow(char32_t cp) {
  switch (cp) {
    case ' ':
    case '\t':
    case '\n':
    case '\r':
    case '\f':
    case '\v':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200B;
  }
}

bool IsLetterSlow(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  }
  if (cp < 0xC0) return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
  if (cp == 0xD7 || cp == 0xF7) return false;      // multiplication, division
  if (cp < 0x2000) return cp != kReplacementChar;  // Latin ext., Greek, ...
  // General punctuation, symbols, arrows, maths, box drawing, CJK
  // punctuation and the specials are not letters; the rest of the plane is
  // treated as letters.
  if (cp < 0x2C00) return false;
  if (cp >= 0x2E00 && cp < 0x2E80) return false;
  if (cp >= 0x3000 && cp < 0x3040) return false;
  if (cp >= 0xFE00 && cp < 0xFE70) return false;
  if (cp >= 0xFF00 && cp < 0xFF10) return false;
  if (cp >= 0xFFF0 && cp <= 0xFFFF) return false;
  if (cp >= 0x1F000) return false;  // emoji and pictographs
  return true;
}

bool IsUpperSlow(char32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  if (cp >= 0xC0 && cp <= 0xDE) return cp != 0xD7;
  // Latin Extended-A: capitals at even code points.
  if (cp >= 0x100 && cp <= 0x17F) return (cp & 1) == 0;
  if (cp >= 0x391 && cp <= 0x3A9) return true;  // Greek
  if (cp >= 0x400 && cp <= 0x42F) return true;  // Cyrillic
  return false;
}

}  // namespace utf8_internal
}  // namespace quotes
