// Copyright The Quote Tracker Authors.

#include "storage/normalize.h"

#include <algorithm>
#include <array>

namespace quotes {

namespace {

// The non-empty pieces of "text" between spaces.
std::vector<std::string_view> SplitAtSpaces(std::string_view text) {
  std::vector<std::string_view> pieces;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) pieces.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return pieces;
}

}  // namespace

WordSet::WordSet(std::string_view words) {
  for (std::string_view word : SplitAtSpaces(words)) set_.emplace(word);
}

namespace {

// The length of the UTF-8 sequence that "lead" starts and the value bits
// it carries; 0 for a byte that cannot start a sequence.
int SequenceLength(uint8_t lead, uint32_t* bits) {
  if (lead < 0x80) {
    *bits = lead;
    return 1;
  }
  if ((lead & 0xE0) == 0xC0) {
    *bits = lead & 0x1F;
    return 2;
  }
  if ((lead & 0xF0) == 0xE0) {
    *bits = lead & 0x0F;
    return 3;
  }
  if ((lead & 0xF8) == 0xF0) {
    *bits = lead & 0x07;
    return 4;
  }
  return 0;
}

// Decodes one UTF-8 code point at text[*pos] and advances *pos.  An invalid
// or truncated sequence yields false and advances by one byte, so that bad
// bytes act as separators without hiding the text after them.
bool DecodeUtf8(std::string_view text, size_t* pos, uint32_t* cp) {
  uint32_t value = 0;
  const int len = SequenceLength(static_cast<uint8_t>(text[*pos]), &value);
  bool ok = len > 0 && *pos + len <= text.size();
  for (int i = 1; ok && i < len; ++i) {
    const uint8_t b = static_cast<uint8_t>(text[*pos + i]);
    ok = (b & 0xC0) == 0x80;
    value = (value << 6) | (b & 0x3F);
  }
  // Overlong forms and surrogates are invalid: they would let two byte
  // strings normalise to the same key by accident.
  static constexpr std::array<uint32_t, 5> kMin = {0, 0, 0x80, 0x800, 0x10000};
  ok = ok && value >= kMin[len] && value <= 0x10FFFF &&
       !(value >= 0xD800 && value <= 0xDFFF);
  *pos += ok ? len : 1;
  if (ok) *cp = value;
  return ok;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

uint32_t LowerLatinExtendedA(uint32_t cp) {
  // Pairs alternate upper/lower, with the parity flipping at U+0139 and
  // U+0179; U+0138 (kra) and U+0149 have no upper-case partner.
  if (cp == 0x0178) return 0x00FF;
  const bool even_upper =
      (cp >= 0x0100 && cp <= 0x0137) || (cp >= 0x014A && cp <= 0x0177);
  const bool odd_upper =
      (cp >= 0x0139 && cp <= 0x0148) || (cp >= 0x0179 && cp <= 0x017E);
  if (even_upper && cp % 2 == 0) return cp + 1;
  if (odd_upper && cp % 2 == 1) return cp + 1;
  return cp;
}

uint32_t LowerCodePoint(uint32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 32;
  if (cp < 0xC0) return cp;
  if (cp <= 0xDE) return cp == 0xD7 ? cp : cp + 0x20;
  if (cp >= 0x0100 && cp <= 0x017F) return LowerLatinExtendedA(cp);
  if (cp >= 0x0391 && cp <= 0x03A9 && cp != 0x03A2) return cp + 0x20;
  if (cp == 0x0386) return 0x03AC;
  if (cp >= 0x0388 && cp <= 0x038A) return cp + 0x25;
  if (cp == 0x038C) return 0x03CC;
  if (cp == 0x038E || cp == 0x038F) return cp + 0x3F;
  if (cp >= 0x0410 && cp <= 0x042F) return cp + 0x20;
  if (cp >= 0x0400 && cp <= 0x040F) return cp + 0x50;
  return cp;
}

enum class CharClass {
  kSeparator,
  kLetter,
  kDigit,
  kApostrophe,
  kHyphen,
  kPeriod,
  kComma
};

CharClass Classify(uint32_t cp) {
  if (cp >= '0' && cp <= '9') return CharClass::kDigit;
  if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) {
    return CharClass::kLetter;
  }
  switch (cp) {
    case '\'':
    case 0x2018:
    case 0x2019:
    case 0x02BC:
      return CharClass::kApostrophe;
    case '-':
    case 0x2010:
    case 0x2011:
      return CharClass::kHyphen;
    case '.':
      return CharClass::kPeriod;
    case ',':
      return CharClass::kComma;
    case 0xAA:  // ª
    case 0xB5:  // µ
    case 0xBA:  // º
      return CharClass::kLetter;
  }
  // ASCII symbols, Latin-1 punctuation (guillemets, ¡ ¿, no-break space),
  // × ÷, General Punctuation (curly quotes, dashes, ellipsis), CJK
  // punctuation, full-width ASCII punctuation and specials.
  if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return CharClass::kSeparator;
  if (cp >= 0x2000 && cp <= 0x206F) return CharClass::kSeparator;
  if (cp >= 0x3000 && cp <= 0x303F) return CharClass::kSeparator;
  if (cp >= 0xFF01 && cp <= 0xFF0F) return CharClass::kSeparator;
  if (cp >= 0xFFF0) return CharClass::kSeparator;
  return CharClass::kLetter;
}

// Splits text into tokens.  In word mode "." and "," join digits; in name
// mode periods vanish ("J.D." -> "jd") and hyphens join ("jean-yves").
class Scanner {
 public:
  explicit Scanner(bool name_mode) : name_mode_(name_mode) {}

  std::vector<std::string> Run(std::string_view text) {
    size_t pos = 0;
    while (pos < text.size()) {
      uint32_t cp = 0;
      if (!DecodeUtf8(text, &pos, &cp)) {
        Flush();
        continue;
      }
      Feed(cp);
    }
    Flush();
    return std::move(tokens_);
  }

 private:
  void Feed(uint32_t cp) {
    const CharClass cls = Classify(cp);
    switch (cls) {
      case CharClass::kLetter:
      case CharClass::kDigit:
        AppendWordChar(cp, cls == CharClass::kDigit);
        return;
      case CharClass::kApostrophe:
        Hold(word_.empty() ? 0 : '\'');
        return;
      case CharClass::kHyphen:
        if (name_mode_) {
          Hold(word_.empty() ? 0 : '-');
        } else {
          Flush();
        }
        return;
      case CharClass::kPeriod:
      case CharClass::kComma:
        if (name_mode_ && cls == CharClass::kPeriod) return;
        // "2.5" and "10,000" stay one word; elsewhere these separate.
        Hold(last_was_digit_ ? static_cast<char>(cp) : 0);
        return;
      case CharClass::kSeparator:
        Flush();
        return;
    }
  }

  // Keeps a joining character until the next character shows whether it
  // sits inside a word.
  void Hold(char c) {
    if (held_ != 0 || c == 0) {
      Flush();
      return;
    }
    held_ = c;
  }

  void AppendWordChar(uint32_t cp, bool digit) {
    if (held_ != 0) {
      const bool numeric_joiner = held_ == '.' || held_ == ',';
      if (numeric_joiner && !digit) Flush();
      if (held_ != 0) word_.push_back(held_);
      held_ = 0;
    }
    AppendUtf8(LowerCodePoint(cp), &word_);
    last_was_digit_ = digit;
  }

  void Flush() {
    if (!word_.empty()) tokens_.push_back(std::move(word_));
    word_.clear();
    held_ = 0;
    last_was_digit_ = false;
  }

  const bool name_mode_;
  std::vector<std::string> tokens_;
  std::string word_;
  char held_ = 0;
  bool last_was_digit_ = false;
};

// Common English words too frequent to be worth a posting list.
bool IsStopWordImpl(std::string_view word) {
  static const WordSet* const kWords = new WordSet(
      "a an and are as at be been but by for from had has have he her his i in "
      "is it its of on or our she so that the their them there these they this "
      "those to was we were which will with would you");
  return kWords->contains(word);
}

// Titles, and the words of roles, that may precede a name.
bool IsTitle(std::string_view word) {
  static const WordSet* const kWords = new WordSet(
      "acting adm admiral ambassador capt captain ceo chair chairman "
      "chairwoman chancellor chief cmdr col colonel commander dame deputy "
      "director dr executive former fr gen general gov governor head hon "
      "interim judge justice king lady leader lord lt maj major mayor mep "
      "minister miss mp mr mrs ms mx pope premier president prime prince "
      "princess prof professor queen rep representative rev reverend secretary "
      "sen senator sgt sheikh sir spokesman spokesperson spokeswoman vice");
  return kWords->contains(word);
}

// Words that join the parts of a role ("Secretary of State").
bool IsConnector(std::string_view word) {
  static const WordSet* const kWords = new WordSet("and for of state the");
  return kWords->contains(word);
}

// Generational suffixes that follow a name.
bool IsSuffix(std::string_view word) {
  static const WordSet* const kWords = new WordSet("ii iii iv jr sr");
  return kWords->contains(word);
}

// Pronouns, never a name.
bool IsPronounImpl(std::string_view word) {
  static const WordSet* const kWords =
      new WordSet("he her him his i it its she that them they this we who you");
  return kWords->contains(word);
}

// Index of the first token after the leading titles and their qualifiers;
// never past the last token.
size_t SkipTitles(const std::vector<std::string>& tokens) {
  const size_t n = tokens.size();
  size_t i = 0;
  while (i + 1 < n) {
    if (IsTitle(tokens[i]) || IsConnector(tokens[i])) {
      ++i;
    } else if (i + 2 < n && IsTitle(tokens[i + 1])) {
      i += 2;  // "French President Macron", "Kremlin spokesman Peskov"
    } else if (i + 3 < n && IsTitle(tokens[i + 2])) {
      i += 3;  // "New York Governor Kathy Hochul"
    } else {
      break;
    }
  }
  return i;
}

std::string Join(std::vector<std::string>::const_iterator begin,
                 std::vector<std::string>::const_iterator end, char sep) {
  std::string out;
  for (auto it = begin; it != end; ++it) {
    if (!out.empty()) out.push_back(sep);
    out.append(*it);
  }
  return out;
}

}  // namespace

std::string LowerUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    uint32_t cp = 0;
    if (DecodeUtf8(text, &pos, &cp)) {
      AppendUtf8(LowerCodePoint(cp), &out);
    } else {
      out.append(text.substr(start, pos - start));
    }
  }
  return out;
}

std::vector<std::string> TokenizeWords(std::string_view text) {
  return Scanner(/*name_mode=*/false).Run(text);
}

std::string CanonicalKey(std::string_view text) {
  const std::vector<std::string> words = TokenizeWords(text);
  return Join(words.begin(), words.end(), ' ');
}

namespace {

// "words" and the apostrophe-separated parts of two bytes or more of each
// ("macron" of "macron's"), sorted, without duplicates: SearchableWords of
// the text whose words they are.  Views sort and move without copying the
// words.
std::vector<std::string_view> WithApostropheParts(
    std::vector<std::string_view> words) {
  const size_t n = words.size();
  for (size_t i = 0; i < n; ++i) {
    const std::string_view word = words[i];
    if (word.find('\'') == std::string_view::npos) continue;
    size_t start = 0;
    while (start <= word.size()) {
      size_t end = word.find('\'', start);
      if (end == std::string_view::npos) end = word.size();
      if (end - start >= 2) words.push_back(word.substr(start, end - start));
      start = end + 1;
    }
  }
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

}  // namespace

std::vector<std::string> SearchableWords(std::string_view text) {
  const std::vector<std::string> words = TokenizeWords(text);
  const std::vector<std::string_view> searchable =
      WithApostropheParts(std::vector<std::string_view>(words.begin(),
                                                        words.end()));
  return std::vector<std::string>(searchable.begin(), searchable.end());
}

std::vector<std::string_view> WordsOfKey(std::string_view canonical_key) {
  return SplitAtSpaces(canonical_key);
}

std::vector<std::string_view> SearchableWordsOfKey(
    std::string_view canonical_key) {
  return WithApostropheParts(WordsOfKey(canonical_key));
}

bool IsStopWord(std::string_view word) { return IsStopWordImpl(word); }

bool IsIndexedWord(std::string_view word) {
  return !word.empty() && word.size() <= kMaxIndexedWordBytes &&
         !IsStopWord(word);
}

std::string NormalizeName(std::string_view name, bool strip_titles) {
  std::vector<std::string> tokens = Scanner(/*name_mode=*/true).Run(name);
  size_t begin = 0;
  size_t end = tokens.size();
  if (strip_titles) {
    while (end > 1 && IsSuffix(tokens[end - 1])) --end;
    tokens.resize(end);
    begin = SkipTitles(tokens);
  } else if (end > 1 && tokens[0] == "the") {
    begin = 1;
  }
  return Join(tokens.begin() + begin, tokens.begin() + end, ' ');
}

std::string_view LastToken(std::string_view normalized_name) {
  const size_t space = normalized_name.rfind(' ');
  if (space == std::string_view::npos) return normalized_name;
  return normalized_name.substr(space + 1);
}

bool IsMultiToken(std::string_view normalized_name) {
  return normalized_name.find(' ') != std::string_view::npos;
}

std::string SpeakerSlug(std::string_view normalized_name) {
  std::string slug(normalized_name);
  std::replace(slug.begin(), slug.end(), ' ', '-');
  return slug;
}

bool IsPronoun(std::string_view normalized_mention) {
  return IsPronounImpl(normalized_mention);
}

std::string NormalizeOutlet(std::string_view outlet) {
  return CanonicalKey(outlet);
}

uint64_t Fnv1a64(std::string_view data) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : data) {
    hash ^= static_cast<uint8_t>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

std::string Hex64(uint64_t value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[i] = kDigits[value & 0xF];
    value >>= 4;
  }
  return out;
}

}  // namespace quotes
