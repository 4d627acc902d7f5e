// Copyright The Quote Tracker Authors.

#include "quotes/tokenizer.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstring>
#include <initializer_list>

#include "quotes/swar.h"
#include "quotes/tags.h"
#include "quotes/utf8.h"

namespace quotes {
namespace {

// ---------------------------------------------------------------------
// Paragraphs

struct Range {
  uint32_t start;
  uint32_t end;
};

bool IsBlank(std::string_view text, size_t start, size_t end) {
  for (size_t i = start; i < end; ++i) {
    char c = text[i];
    if (c != ' ' && c != '\t' && c != '\f' && c != '\v') return false;
  }
  return true;
}

// Splits "text" into lines (\n, \r\n or a lone \r end a line).
void Lines(std::string_view text, std::vector<Range>* lines) {
  size_t start = 0;
  const size_t n = text.size();
  size_t i = 0;
  // The next \r, remembered so that a text without any is scanned once.
  const char* cr = static_cast<const char*>(std::memchr(text.data(), '\r', n));
  while (i < n) {
    const void* hit = nullptr;
    const char* p = text.data() + i;
    if (cr != nullptr && cr < p) {
      cr = static_cast<const char*>(std::memchr(p, '\r', n - i));
    }
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', n - i));
    if (nl == nullptr && cr == nullptr) break;
    hit = (nl == nullptr) ? cr : (cr == nullptr ? nl : std::min(nl, cr));
    size_t pos = static_cast<const char*>(hit) - text.data();
    lines->push_back(
        {static_cast<uint32_t>(start), static_cast<uint32_t>(pos)});
    if (text[pos] == '\r' && pos + 1 < n && text[pos + 1] == '\n') ++pos;
    i = start = pos + 1;
  }
  lines->push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(n)});
}

// Paragraphs are separated by blank lines; a text with no blank line at all
// has one paragraph a line.
void FindParagraphs(std::string_view text, std::vector<Range>* paragraphs) {
  std::vector<Range> lines;
  Lines(text, &lines);
  bool blank_mode = false;
  for (size_t i = 1; i + 1 < lines.size() && !blank_mode; ++i) {
    blank_mode = IsBlank(text, lines[i].start, lines[i].end);
  }
  bool open = false;
  Range cur{0, 0};
  for (const Range& line : lines) {
    const bool blank = IsBlank(text, line.start, line.end);
    if (blank || !blank_mode) {
      if (open) paragraphs->push_back(cur);
      open = false;
      if (blank) continue;
    }
    if (!open) {
      cur = line;
      open = true;
    } else {
      cur.end = line.end;
    }
  }
  if (open) paragraphs->push_back(cur);
}

// ---------------------------------------------------------------------
// Quotation marks

enum class Mark : uint8_t {
  kDoubleStraight,
  kDoubleOpen,
  kDoubleClose,
  kSingleStraight,
  kSingleOpen,
  kSingleClose,
};

struct MarkAt {
  uint32_t pos;
  uint8_t len;
  Mark mark;
  bool left_open;   // nothing word-like before it
  bool right_open;  // nothing word-like after it
  char32_t next;
};

bool IsDash(char32_t cp) { return cp == '-' || (cp >= 0x2010 && cp <= 0x2015); }

// The length of the dash at "i" that stands between words: hyphens, or a
// dash of Unicode other than the hyphens U+2010 and U+2011, and the
// hyphens after it ("--", "—-"); 0 when there is none.
size_t DashLength(std::string_view text, size_t i, size_t end) {
  if (i >= end) return 0;
  char32_t cp;
  size_t j = i + DecodeUtf8(text, i, &cp);
  if (!IsDash(cp) || cp == 0x2010 || cp == 0x2011) return 0;
  while (j < end && text[j] == '-') ++j;
  return j - i;
}

bool IsQuoteChar(char32_t cp) {
  return cp == '"' || cp == '\'' || (cp >= 0x2018 && cp <= 0x201F) ||
         cp == 0xAB || cp == 0xBB;
}

// Classifies the mark at text[i], if any, and returns its length (0: none).
int ClassifyMark(std::string_view text, size_t i, Mark* mark) {
  const unsigned char c = text[i];
  if (c == '"') return *mark = Mark::kDoubleStraight, 1;
  // Two apostrophes and two backquotes stand for double marks in some
  // newspaper archives: ''Quote,'' he said.  ``Quote''.
  if (c == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
    return *mark = Mark::kDoubleStraight, 2;
  }
  if (c == '`' && i + 1 < text.size() && text[i + 1] == '`') {
    return *mark = Mark::kDoubleOpen, 2;
  }
  if (c == '\'') return *mark = Mark::kSingleStraight, 1;
  if (c == 0xC2 && i + 1 < text.size()) {
    const unsigned char d = text[i + 1];
    if (d == 0xAB) return *mark = Mark::kDoubleOpen, 2;
    if (d == 0xBB) return *mark = Mark::kDoubleClose, 2;
    return 0;
  }
  if (c == 0xE2 && i + 2 < text.size() &&
      static_cast<unsigned char>(text[i + 1]) == 0x80) {
    switch (static_cast<unsigned char>(text[i + 2])) {
      case 0x9C:  // left double
      case 0x9E:  // low double
      case 0x9F:
        return *mark = Mark::kDoubleOpen, 3;
      case 0x9D:
        return *mark = Mark::kDoubleClose, 3;
      // Two single marks in a row stand for a double one too: ‘‘Quote,’’
      // and “Quote,’’ in some archives.
      case 0x98:
        if (text.substr(i + 3, 3) == "\xE2\x80\x98") {
          return *mark = Mark::kDoubleOpen, 6;
        }
        return *mark = Mark::kSingleOpen, 3;
      case 0x9B:
        return *mark = Mark::kSingleOpen, 3;
      case 0x99:
        if (text.substr(i + 3, 3) == "\xE2\x80\x99") {
          return *mark = Mark::kDoubleClose, 6;
        }
        return *mark = Mark::kSingleClose, 3;
    }
  }
  return 0;
}

bool IsMarkLead(unsigned char c) {
  return c == '"' || c == '\'' || c == '`' || c == 0xC2 || c == 0xE2;
}

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

}  // namespace

namespace tokenizer_internal {

size_t NextMarkLeadSlow(std::string_view text, size_t i, size_t end) {
  for (; i < end; ++i) {
    if (IsMarkLead(static_cast<unsigned char>(text[i]))) return i;
  }
  return end;
}

// Marks are a byte in a hundred of news text, so eight bytes are tested at
// a time.
size_t NextMarkLead(std::string_view text, size_t i, size_t end) {
  if constexpr (swar::kLittleEndian) {
    for (; i + 8 <= end; i += 8) {
      const uint64_t x = swar::Load8(text.data() + i);
      const uint64_t hit =
          swar::BytesEqual(x, '"') | swar::BytesEqual(x, '\'') |
          swar::BytesEqual(x, '`') | swar::BytesEqual(x, 0xC2) |
          swar::BytesEqual(x, 0xE2);
      if (hit != 0) return i + swar::FirstMarked(hit);
    }
  }
  return NextMarkLeadSlow(text, i, end);
}

size_t SkipAsciiWordBytesSlow(std::string_view text, size_t i, size_t end) {
  while (i < end) {
    const unsigned char c = text[i];
    if (c >= 0x80 || !(IsLetter(c) || IsDigit(c))) break;
    ++i;
  }
  return i;
}

size_t SkipAsciiWordBytes(std::string_view text, size_t i, size_t end) {
  if constexpr (swar::kLittleEndian) {
    for (; i + 8 <= end; i += 8) {
      const uint64_t x = swar::Load8(text.data() + i);
      const uint64_t low7 = x & ~swar::kHighs;
      // Bit 5 set folds the capitals onto the small letters and leaves
      // the digits as they are.
      const uint64_t letter =
          swar::BytesInRange(low7 | (swar::kOnes * 0x20), 'a', 'z');
      const uint64_t digit = swar::BytesInRange(low7, '0', '9');
      // Bytes of 0x80 and above are not ASCII: they stop the run too.
      const uint64_t stop =
          (~(letter | digit) & swar::kHighs) | swar::NonAscii(x);
      if (stop != 0) return i + swar::FirstMarked(stop);
    }
  }
  return SkipAsciiWordBytesSlow(text, i, end);
}

size_t FoldSlow(std::string_view word, char* buf, size_t cap) {
  size_t n = 0;
  for (size_t i = 0; i < word.size(); ++i) {
    if (n + 9 >= cap) return 0;
    const unsigned char c = word[i];
    if (c == 0xE2 && i + 2 < word.size() &&
        static_cast<unsigned char>(word[i + 1]) == 0x80 &&
        static_cast<unsigned char>(word[i + 2]) == 0x99) {
      buf[n++] = '\'';
      i += 2;
      continue;
    }
    buf[n++] = LowerAscii(c);
  }
  std::memset(buf + n, 0, 8);
  return n;
}

size_t Fold(std::string_view word, char* buf, size_t cap, size_t readable) {
  const size_t n = word.size();
  // The tail below is put together first byte lowest; too long a word
  // gets FoldSlow's 0.
  if (!swar::kLittleEndian || n + 9 >= cap) return FoldSlow(word, buf, cap);
  // Eight bytes at a time, stored as the eight-byte words that
  // Lexicon::FindPadded reads back (so the loads take the stores' values
  // without a stall), then the zero padding.  A curly apostrophe sends
  // the word to the slow path.
  const char* p = word.data();
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x = swar::Load8(p + i);
    if (swar::BytesEqual(x, 0xE2) != 0) return FoldSlow(word, buf, cap);
    x = swar::LowerAscii(x);
    std::memcpy(buf + i, &x, 8);
  }
  uint64_t tail = 0;
  if (i < n && i + 8 <= readable) {
    // One load, the bytes past the word masked off (0 < n - i < 8).
    tail = swar::Load8(p + i) & ((uint64_t{1} << (8 * (n - i))) - 1);
  } else {
    for (size_t k = i; k < n; ++k) {
      tail |= uint64_t{static_cast<unsigned char>(p[k])} << (8 * (k - i));
    }
  }
  // The zero bytes past the word cannot equal 0xE2.
  if (swar::BytesEqual(tail, 0xE2) != 0) return FoldSlow(word, buf, cap);
  tail = swar::LowerAscii(tail);
  std::memcpy(buf + i, &tail, 8);      // the word's last bytes, zeros to i + 8
  std::memset(buf + i + 8, 0, n - i);  // zeros on to n + 8, as FoldSlow
  return n;
}

size_t DatelineEnd(std::string_view text, size_t start, size_t end) {
  // Bounded: a dateline is short, and most paragraphs fail at once.
  end = std::min(end, start + 80);
  auto upper = [&](size_t k) {
    return k < end && text[k] >= 'A' && text[k] <= 'Z';
  };
  if (!upper(start) || !upper(start + 1)) return start;
  // The place: upper-case words of three letters or more in all ("NEW
  // YORK", "ST. JOHN'S"); "US - China talks" opens with no place.
  size_t i = start;
  int letters = 0;
  for (;;) {
    while (i < end && (upper(i) || text[i] == '.' || text[i] == '\'' ||
                       text[i] == '&' || (text[i] == '-' && upper(i + 1)))) {
      letters += upper(i);
      ++i;
    }
    if (i + 1 < end && text[i] == ' ' && upper(i + 1)) {
      ++i;
    } else {
      break;
    }
  }
  if (letters < 3) return start;
  // A region or a date after a comma ("N.H.", "Dec. 8"), to a space before
  // the agency or the dash: all ASCII, on one line, with no quotation mark,
  // each word opening with a capital or a digit ("OK, we will see - ..."
  // is no dateline).
  auto plain = [&](size_t k) {
    const unsigned char c = static_cast<unsigned char>(text[k]);
    return c < 0x80 && c != '\n' && c != '"' && c != '\'' && c != '`' &&
           c != '(' && c != '-';
  };
  if (i < end && text[i] == ',') {
    const size_t limit = std::min(end, i + 40);
    for (++i; i < limit && plain(i); ++i) {
      if (text[i] != ' ' || i + 1 >= limit) continue;
      if (!plain(i + 1)) break;  // the agency or the dash follows
      const char next = text[i + 1];
      if (next != ' ' && !upper(i + 1) && !(next >= '0' && next <= '9')) {
        return start;
      }
    }
  }
  // An agency in brackets: "(AP)", "(Reuters)".
  if (i + 1 < end && text[i] == ' ' && text[i + 1] == '(') {
    const size_t limit = std::min(end, i + 32);
    for (i += 2; i < limit && text[i] != ')' && plain(i);) ++i;
    if (i >= limit || text[i] != ')') return start;
    ++i;
  }
  // The dash between spaces: "-", "--" or a dash of Unicode.
  if (i >= end || text[i] != ' ') return start;
  ++i;
  const size_t dash = DashLength(text, i, end);
  if (dash == 0) return start;
  i += dash;
  if (i >= end || text[i] != ' ') return start;
  while (i < end && text[i] == ' ') ++i;
  if (i >= end) return start;
  char32_t cp;
  DecodeUtf8(text, i, &cp);
  return IsUpper(cp) || IsQuoteChar(cp) ? i : start;
}

}  // namespace tokenizer_internal

namespace {

using tokenizer_internal::Fold;
using tokenizer_internal::NextMarkLead;

void CollectMarks(std::string_view text, Range para, std::vector<MarkAt>* out) {
  for (size_t i = NextMarkLead(text, para.start, para.end); i < para.end;
       i = NextMarkLead(text, i + 1, para.end)) {
    Mark mark;
    int len = ClassifyMark(text, i, &mark);
    if (len == 0) continue;
    MarkAt m{static_cast<uint32_t>(i),
             static_cast<uint8_t>(len),
             mark,
             true,
             true,
             0};
    if (i > para.start) {
      char32_t prev;
      DecodeUtf8(text, PreviousCodePoint(text, i), &prev);
      m.left_open =
          IsSpace(prev) || IsDash(prev) || IsQuoteChar(prev) ||
          std::strchr("([{</", static_cast<int>(prev < 128 ? prev : 1)) !=
              nullptr;
    }
    if (i + len < para.end) {
      char32_t next;
      DecodeUtf8(text, i + len, &next);
      m.next = next;
      m.right_open =
          IsSpace(next) || IsDash(next) || IsQuoteChar(next) ||
          (next < 128 && next != 0 &&
           std::strchr(".,;:!?)]}>", static_cast<int>(next)) != nullptr);
    }
    out->push_back(m);
    i += len - 1;
  }
}

bool IsDouble(Mark m) {
  return m == Mark::kDoubleStraight || m == Mark::kDoubleOpen ||
         m == Mark::kDoubleClose;
}

Quotation MakeQuotation(std::string_view text, uint32_t open, uint8_t open_len,
                        uint32_t close_start, uint32_t close_end, bool closed,
                        bool single, uint32_t paragraph) {
  Quotation q;
  q.open = open;
  q.close = close_end;
  q.closed = closed;
  q.single = single;
  q.paragraph = paragraph;
  uint32_t s = open + open_len, e = close_start;
  while (s < e && IsSpace(static_cast<unsigned char>(text[s]))) ++s;
  while (e > s && IsSpace(static_cast<unsigned char>(text[e - 1]))) --e;
  q.content_start = s;
  q.content_end = e;
  return q;
}

// Pairs double marks; an opening mark left open runs to the paragraph end.
void PairDoubles(std::string_view text, Range para, uint32_t paragraph,
                 const std::vector<MarkAt>& marks,
                 std::vector<Quotation>* out) {
  const MarkAt* open = nullptr;
  for (const MarkAt& m : marks) {
    if (!IsDouble(m.mark)) continue;
    const bool can_open =
        m.mark == Mark::kDoubleOpen ||
        (m.mark == Mark::kDoubleStraight && (!m.right_open || m.left_open)) ||
        (m.mark == Mark::kDoubleClose && m.left_open && !m.right_open);
    const bool can_close =
        m.mark == Mark::kDoubleClose ||
        (m.mark == Mark::kDoubleStraight && (!m.left_open || m.right_open)) ||
        (m.mark == Mark::kDoubleOpen && !m.left_open && m.right_open);
    if (open == nullptr) {
      if (can_open) open = &m;
      continue;
    }
    if (can_close) {
      out->push_back(MakeQuotation(text, open->pos, open->len, m.pos,
                                   m.pos + m.len, true, false, paragraph));
      open = nullptr;
    } else if (can_open) {
      // An opening mark inside an open quotation: the first one was never
      // closed.  End it before this mark and start again.
      out->push_back(MakeQuotation(text, open->pos, open->len, m.pos, m.pos,
                                   false, false, paragraph));
      open = &m;
    }
  }
  if (open != nullptr) {
    out->push_back(MakeQuotation(text, open->pos, open->len, para.end, para.end,
                                 false, false, paragraph));
  }
}

bool Inside(const std::vector<Quotation>& qs, size_t first, uint32_t pos) {
  for (size_t i = first; i < qs.size(); ++i) {
    if (pos >= qs[i].open && pos < qs[i].close) return true;
  }
  return false;
}

// Pairs single marks outside double quotations.  A single quotation needs
// an opening mark before a letter and a closing mark after a word, and at
// least two words: 'new' alone is an emphasis, not speech.
void PairSingles(std::string_view text, uint32_t paragraph,
                 const std::vector<MarkAt>& marks, size_t first_double,
                 std::vector<Quotation>* out) {
  const MarkAt* open = nullptr;
  for (const MarkAt& m : marks) {
    if (IsDouble(m.mark) || Inside(*out, first_double, m.pos)) continue;
    const bool can_open =
        m.mark != Mark::kSingleClose && m.left_open && IsLetter(m.next);
    const bool can_close =
        m.mark != Mark::kSingleOpen && !m.left_open && m.right_open;
    if (open != nullptr && can_close) {
      std::string_view inner =
          text.substr(open->pos + open->len, m.pos - open->pos - open->len);
      if (inner.find(' ') != std::string_view::npos) {
        out->push_back(MakeQuotation(text, open->pos, open->len, m.pos,
                                     m.pos + m.len, true, true, paragraph));
      }
      open = nullptr;
    } else if (can_open) {
      open = &m;
    }
  }
  std::sort(
      out->begin() + first_double, out->end(),
      [](const Quotation& a, const Quotation& b) { return a.open < b.open; });
}

// A quoted phrase (a title, a nickname, scare quotes) rather than speech:
// closed, short, and no punctuation closing its content.
bool IsPhrase(const Quotation& q) {
  if (!q.closed || q.words > 4 || q.content_end <= q.content_start) {
    return false;
  }
  return !q.ends_sentence && !q.ends_with_comma;
}

// ---------------------------------------------------------------------
// Words

bool IsWordChar(char32_t cp) { return IsLetter(cp) || IsDigit(cp); }

bool IsApostrophe(std::string_view text, size_t i, int* len) {
  if (text[i] == '\'') return *len = 1, true;
  if (static_cast<unsigned char>(text[i]) == 0xE2 && i + 2 < text.size() &&
      static_cast<unsigned char>(text[i + 1]) == 0x80 &&
      static_cast<unsigned char>(text[i + 2]) == 0x99) {
    return *len = 3, true;
  }
  return false;
}

// Appends the quotations of text[para] (paragraph "index") to *out, with
// their sentence ends and word counts; "marks" is scratch space.
void QuotationsOf(std::string_view text, Range para, uint32_t index,
                  std::vector<MarkAt>* marks, std::vector<Quotation>* out) {
  marks->clear();
  CollectMarks(text, para, marks);
  const size_t first_quote = out->size();
  PairDoubles(text, para, index, *marks, out);
  PairSingles(text, index, *marks, first_quote, out);
  for (size_t k = first_quote; k < out->size(); ++k) {
    Quotation& quo = (*out)[k];
    if (quo.content_end > quo.content_start) {
      const char last = text[quo.content_end - 1];
      quo.ends_sentence =
          last == '.' || last == '!' || last == '?' || !quo.closed ||
          (quo.content_end >= 3 &&
           text.compare(quo.content_end - 3, 3, "\xE2\x80\xA6") == 0);
      quo.ends_with_comma = last == ',' || last == ';' || last == ':';
    }
    std::string_view content =
        text.substr(quo.content_start, quo.content_end - quo.content_start);
    quo.words = content.empty() ? 0 : 1;
    for (char c : content) quo.words += (c == ' ');
  }
}

class ParagraphScanner {
 public:
  ParagraphScanner(const Lexicon& lexicon, TokenizedText* out)
      : lex_(lexicon), out_(out), text_(out->text) {}

  // Appends the tokens of text[para] to out_; "quotes" are this
  // paragraph's quotations, in order.
  void Scan(Range para, uint32_t paragraph, size_t first_quote);

  // Tag capitalised words from the lexicon, as in a title-case headline
  // ("Clinton Says Russians Hacked DNC").
  bool headline = false;

  // Counts over the paragraph just scanned, for noise detection.
  int words = 0;
  int capitalised_words = 0;
  int quotations = 0;
  bool ends_with_stop = false;

 private:
  void EmitWord(size_t start, size_t end);
  void EmitPunct(size_t start, size_t end, char tag);
  void Emit(size_t start, size_t end, char tag, uint32_t aux, uint8_t flags);
  // Retags the number just emitted, before a token tagged "tag".
  void NumberBefore(char tag);
  size_t ScanWord(size_t i, size_t end);
  // True iff the folded word buf[0, n), capitalised at a sentence's start,
  // not in the lexicon and followed by a comma, is an adverb rather than a
  // name.
  bool OpensWithAdverb(const char* buf, size_t n) const;
  // Starts a new sentence at the next token.
  void StartSentence();
  // Ends the current sentence with an empty stop when it is too long
  // (Tokenizer::kLongSentence and "soft_stop", or kMaxSentence).  Unlike
  // EndSentenceAfterLastToken, the next word is not read as opening a
  // sentence: it does not, in the text.
  // Inline, and so one comparison a word in the usual case.
  void CutLongSentence(bool soft_stop) {
    const size_t length = out_->tokens.size() - out_->sentence_starts.back();
    if (length >= Tokenizer::kLongSentence) CutSentence(soft_stop, length);
  }
  void CutSentence(bool soft_stop, size_t length);
  // Ends the sentence with an empty stop right after the last token, the
  // abbreviation whose stop it shares ("in the U.S. The next day").
  void EndSentenceAfterLastToken();
  bool EndsSentenceAfter(size_t pos, size_t end) const;

  const Lexicon& lex_;
  TokenizedText* out_;
  std::string_view text_;
  uint32_t paragraph_ = 0;
  bool sentence_start_ = true;
  // The previous token was an abbreviation that may end a sentence.
  bool pending_abbreviation_ = false;
};

inline void ParagraphScanner::Emit(size_t start, size_t end, char tag,
                                   uint32_t aux, uint8_t flags) {
  if (!out_->tags.empty() && out_->tags.back() == tag::kNumber) {
    NumberBefore(tag);
  }
  Token& t = out_->tokens.emplace_back();
  t.start = static_cast<uint32_t>(start);
  t.end = static_cast<uint32_t>(end);
  t.aux = aux;
  t.paragraph = paragraph_;
  t.sentence = static_cast<uint32_t>(out_->sentence_starts.size() - 1);
  t.flags = flags;
  out_->tags.push_back(tag);
}

void ParagraphScanner::NumberBefore(char tag) {
  // A number between a name and what ends a name (a genitive, another
  // name, a verb, "that", a determiner, a colon or a stop) is part of it:
  // "Radio 4's", "Radio Four's", "Channel 4 News", "UFCW Local 832 said",
  // "BBC News 24 the result", "told BBC News 24:"; before a noun it is a
  // count ("told Reuters 12 workers were hurt"), and before a comma it is
  // left as it is ("a program called IE 7, due in May").  Digits only, or
  // a capitalised number word: not "767s".
  const size_t emitted = out_->tags.size();
  if (emitted >= 2 && out_->tags[emitted - 2] == tag::kName &&
      out_->tokens[emitted - 2].paragraph == paragraph_ &&
      tag::In(tag, "'NVKUMhD:.;")) {
    const std::string_view number = out_->TokenText(emitted - 1);
    const bool digits =
        number.find_first_not_of("0123456789") == std::string_view::npos;
    const bool word = !number.empty() && number[0] >= 'A' && number[0] <= 'Z';
    if (digits || word) out_->tags[emitted - 1] = tag::kName;
  }
}

void ParagraphScanner::StartSentence() {
  out_->sentence_starts.push_back(static_cast<uint32_t>(out_->tokens.size()));
  sentence_start_ = true;
}

void ParagraphScanner::CutSentence(bool soft_stop, size_t length) {
  if (soft_stop || length >= Tokenizer::kMaxSentence) {
    // An empty stop, as after an abbreviation that ends a sentence: the
    // rules' patterns end at a stop, and so each RE2 scan ends there.
    const uint32_t at = out_->tokens.back().end;
    Emit(at, at, tag::kSentenceEnd, 0, 0);
    out_->sentence_starts.push_back(static_cast<uint32_t>(out_->tokens.size()));
  }
}

void ParagraphScanner::EndSentenceAfterLastToken() {
  const uint32_t at = out_->tokens.back().end;
  Emit(at, at, tag::kSentenceEnd, 0, 0);
  StartSentence();
}

// True iff the sentence may end after text[pos - 1]: what follows is the
// paragraph end, or spaces then a capital, digit, quotation mark or bracket.
bool ParagraphScanner::EndsSentenceAfter(size_t pos, size_t end) const {
  size_t i = pos;
  // Closing brackets and marks may follow the stop: ".)" or ".'".
  while (i < end && (text_[i] == ')' || text_[i] == ']')) ++i;
  if (i >= end) return true;
  char32_t cp;
  int len = DecodeUtf8(text_, i, &cp);
  if (!IsSpace(cp)) return false;
  while (i < end) {
    len = DecodeUtf8(text_, i, &cp);
    if (!IsSpace(cp)) break;
    i += len;
  }
  if (i >= end) return true;
  return IsUpper(cp) || IsDigit(cp) || IsQuoteChar(cp) || cp == '(' ||
         cp == '[' || IsDash(cp);
}

size_t ParagraphScanner::ScanWord(size_t i, size_t end) {
  size_t j = i;
  while (j < end) {
    // Most of a word is ASCII letters and digits: skip them without a
    // branch a byte, then look at what stops the run.
    j = tokenizer_internal::SkipAsciiWordBytes(text_, j, end);
    if (j >= end) break;
    char32_t cp;
    int len = DecodeUtf8(text_, j, &cp);
    if (IsWordChar(cp)) {
      j += len;
      continue;
    }
    int alen;
    if (IsApostrophe(text_, j, &alen) && j + alen < end) {
      char32_t next;
      DecodeUtf8(text_, j + alen, &next);
      if (!IsLetter(next)) break;
      // Split clitics so that the grammar sees them: Macron|'s, did|n't,
      // we|'ve.
      size_t k = j + alen;
      size_t wend = k;
      while (wend < end && IsLetter(static_cast<unsigned char>(text_[wend])))
        ++wend;
      std::string_view rest = text_.substr(k, wend - k);
      if (rest == "s" || rest == "S" || rest == "ve" || rest == "re" ||
          rest == "ll" || rest == "d" || rest == "m") {
        break;
      }
      if ((rest == "t" || rest == "T") && j > i &&
          LowerAscii(text_[j - 1]) == 'n' && j - 1 > i) {
        return j - 1;  // "did" + "n't"
      }
      j = k;
      continue;
    }
    if ((cp == '-' || cp == 0x2010 || cp == 0x2011 || cp == '&') &&
        j + len < end) {
      char32_t next;
      DecodeUtf8(text_, j + len, &next);
      if (IsWordChar(next)) {
        j += len;
        continue;
      }
      break;
    }
    if ((cp == '.' || cp == ',') && j + 1 < end && j > i &&
        IsDigit(static_cast<unsigned char>(text_[j - 1])) &&
        IsDigit(static_cast<unsigned char>(text_[j + 1]))) {
      j += 1;  // 3.5, 1,000
      continue;
    }
    if (cp == '.') {
      // Keep the period of an abbreviation: Mr. U.S. a.m. J.
      char buf[Lexicon::kMaxPadded];
      size_t n =
          Fold(text_.substr(i, j + 1 - i), buf, sizeof(buf), text_.size() - i);
      const bool known = n > 0 && lex_.FindPadded(buf, n) != nullptr;
      const bool initial =
          (j - i == 1) && IsUpper(static_cast<unsigned char>(text_[i]));
      const bool dotted = j + 2 < end &&
                          IsLetter(static_cast<unsigned char>(text_[j + 1])) &&
                          text_[j + 2] == '.';
      // "U.S.": a dotted acronym goes on before an initial ends the word.
      if (dotted && j - i == 1) {
        j += 1;
        continue;
      }
      if (known || initial) return j + 1;
      if (dotted) {
        j += 1;
        continue;
      }
      // "U.S" + "." : a dotted acronym's final period.
      if (j > i + 1 && std::memchr(text_.data() + i, '.', j - i) != nullptr) {
        return j + 1;
      }
    }
    break;
  }
  return j;
}

}  // namespace

bool EqualsLowerAscii(std::string_view word, std::string_view lower) {
  return word.size() == lower.size() &&
         std::equal(word.begin(), word.end(), lower.begin(),
                    [](char a, char b) { return LowerAscii(a) == b; });
}

bool EqualsAnyLowerAscii(std::string_view word,
                         std::initializer_list<std::string_view> lowers) {
  for (std::string_view lower : lowers) {
    if (EqualsLowerAscii(word, lower)) return true;
  }
  return false;
}

namespace {

// True iff "word" is a day of a month: one or two digits, perhaps with an
// ordinal ending ("19", "3rd").
bool IsDayNumber(std::string_view word) {
  size_t digits = 0;
  while (digits < word.size() && word[digits] >= '0' && word[digits] <= '9') {
    ++digits;
  }
  if (digits == 0 || digits > 2) return false;
  const std::string_view rest = word.substr(digits);
  return rest.empty() || EqualsAnyLowerAscii(rest, {"st", "nd", "rd", "th"});
}

// True iff "word" is a year of a date: four digits from 1000 to 2999.
bool IsYearNumber(std::string_view word) {
  return word.size() == 4 && (word[0] == '1' || word[0] == '2') &&
         word.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

bool IsStandaloneQuantifier(std::string_view word) {
  return EqualsAnyLowerAscii(word, {"some", "many", "most", "few", "both",
                                    "all", "others", "several"});
}

bool IsBeForm(std::string_view word) {
  return EqualsAnyLowerAscii(
      word, {"is", "are", "was", "were", "be", "been", "am", "being", "'re",
             "\xE2\x80\x99re", "'m", "\xE2\x80\x99m"});
}

bool IsSubjectParticiple(std::string_view word) {
  return EqualsAnyLowerAscii(word, {"quoted", "worried", "convinced"});
}

bool IsCollectiveNoun(std::string_view word) {
  return EqualsAnyLowerAscii(word, {"police", "staff", "people"});
}

bool LooksPlural(std::string_view word) {
  if (EqualsLowerAscii(word, "children")) return true;
  if (EqualsAnyLowerAscii(word, {"news", "series", "species"})) return false;
  const size_t n = word.size();
  if (n >= 3 && EqualsLowerAscii(word.substr(n - 3), "men")) return true;
  if (n < 4 || LowerAscii(word[n - 1]) != 's') return false;
  const char before = LowerAscii(word[n - 2]);
  return before != 's' && before != 'u' && before != 'i';
}

namespace {

bool ParagraphScanner::OpensWithAdverb(const char* buf, size_t n) const {
  // A sentence may open with an adverb and a comma ("Currently,",
  // "Ironically,", "Undoubtedly,") the lexicon does not list, which would
  // otherwise be a name, and then an antecedent for "it".  (Without a
  // comma it often belongs to the next word: "Unusually cold weather",
  // "Seasonally adjusted sales".)  Surnames end in -ly too, and stand
  // before a comma just as often ("McNally, 45, said", "Priestly, a
  // diver, said"): only the endings of adverbs made from adjectives count,
  // in words of seven letters or more that are no first name.  Common
  // adverbs with other endings ("finally", "lastly") are in the lexicon.
  static constexpr std::string_view kEndings[] = {
      "ically", "ially", "ually", "ionally", "ently", "antly", "ately", "ously",
      "edly",   "ingly", "fully", "ively",   "arly",  "ibly",  "ably"};
  if (n < 7) return false;
  const std::string_view word(buf, n);
  for (std::string_view ending : kEndings) {
    if (word.size() > ending.size() &&
        word.substr(word.size() - ending.size()) == ending) {
      return !lex_.IsFirstName(word);
    }
  }
  return false;
}

void ParagraphScanner::EmitWord(size_t start, size_t end) {
  std::string_view word = text_.substr(start, end - start);
  char buf[Lexicon::kMaxPadded];
  const size_t n = Fold(word, buf, sizeof(buf), text_.size() - start);
  const LexEntry* e = n > 0 ? lex_.FindPadded(buf, n) : nullptr;
  char32_t first;
  DecodeUtf8(text_, start, &first);
  uint8_t flags = 0;
  const bool cap = IsUpper(first);
  if (cap) flags |= Token::kCapitalised;
  if (cap && word.size() > 1) {
    bool all = true;
    for (char c : word) {
      if (c >= 'a' && c <= 'z') {
        all = false;
        break;
      }
    }
    if (all) flags |= Token::kAllCaps;
  }
  if (word.back() == '.') flags |= Token::kAbbreviation;
  // An abbreviation that is not a title may end the sentence when a
  // function word follows: "in the U.S. The next day".
  if (pending_abbreviation_ && cap && e != nullptr &&
      tag::In(e->tag, "DPG&syhrxW")) {
    EndSentenceAfterLastToken();
  }
  pending_abbreviation_ = false;
  if (sentence_start_) flags |= Token::kSentenceInitial;

  char tag;
  uint32_t aux = 0;
  if (e != nullptr) {
    tag = e->tag;
    if (e->lemma >= 0) aux = static_cast<uint32_t>(e->lemma);
  } else if (IsDigit(first)) {
    // A number joined to a word is a modifier or a noun, not a number or a
    // time: "the 67-year-old", "a 24-hour strike".
    const size_t hyphen = word.find('-');
    tag = hyphen != std::string_view::npos && hyphen + 1 < word.size() &&
                  IsLetter(static_cast<unsigned char>(word[hyphen + 1]))
              ? tag::kWord
              : tag::kNumber;
  } else if (cap) {
    tag = tag::kName;
  } else if (n > 4 && buf[n - 1] == 'y' && buf[n - 2] == 'l') {
    tag = tag::kAdverb;
  } else {
    tag = tag::kWord;
  }
  // "May" after a preposition or a day's number is the month ("in May",
  // "since May", "5 May"), never a name; elsewhere it may be one
  // ("Theresa May", "May said", "On Tuesday May said", "In 2017 May
  // said").
  if (tag == tag::kAuxiliary && word == "May" && !out_->tags.empty()) {
    const char prev = out_->tags.back();
    const bool day = (prev == tag::kNumber || prev == tag::kTime) &&
                     IsDayNumber(out_->TokenText(out_->tokens.size() - 1));
    if (prev == tag::kPreposition || prev == tag::kTimePreposition || day) {
      tag = tag::kTime;
      aux = 0;
    }
  }
  // A day's number beside a month is part of the date, a time ("announced
  // June 19 that", "on 19 June"), where a number after a weekday is a
  // count ("said Friday 12 people were hurt").
  if (!out_->tags.empty() && out_->tokens.back().paragraph == paragraph_) {
    const std::string_view prev_word = out_->TokenText(out_->tokens.size() - 1);
    if (tag == tag::kNumber && out_->tags.back() == tag::kTime &&
        IsDayNumber(word) && lex_.IsMonth(prev_word)) {
      tag = tag::kTime;
    } else if (tag == tag::kTime && out_->tags.back() == tag::kNumber &&
               IsDayNumber(prev_word) && lex_.IsMonth(word)) {
      out_->tags.back() = tag::kTime;
    } else if (tag == tag::kNumber && out_->tags.back() == tag::kTime &&
               IsYearNumber(word) &&
               (lex_.IsMonth(prev_word) || IsDayNumber(prev_word))) {
      // The year of a date: "on 7 March 2003", "in March 2003".
      tag = tag::kTime;
    }
    // "there" before an auxiliary is the subject of its clause ("said
    // there was no plan", "There were no injuries, police said"), tagged as
    // a quantifier that stands alone ("some were hurt"): not an adverb that
    // an adjunct or a clause opening may skip, nor a word an addressee may
    // end in ("warned there was"), nor a subject that opens an attribution
    // of its own (", but there is ..." goes on with the words).
    // After a noun it is a place ("Officials there have said"), unless the
    // noun is whom a cue addresses ("told reporters there was").
    if (tag == tag::kAuxiliary && out_->tags.back() == tag::kAdverb &&
        EqualsLowerAscii(prev_word, "there")) {
      const size_t there = out_->tags.size() - 1;
      size_t phrase = there;  // the first token of a noun phrase before it
      while (phrase > 0 && there - phrase < 6 &&
             out_->tokens[phrase - 1].paragraph == paragraph_ &&
             tag::In(out_->tags[phrase - 1], "NTOwnP'CDG")) {
        --phrase;
      }
      const bool addressed = phrase > 0 &&
                             out_->tokens[phrase - 1].paragraph == paragraph_ &&
                             tag::In(out_->tags[phrase - 1], "KJ");
      if (phrase == there || addressed) out_->tags.back() = tag::kDeterminer;
    }
    // A span of time before "ago" is a time: "10 days ago", "two weeks
    // ago" (not a count opening the words: "said 10 days ago that ...").
    if (tag == tag::kAdverb && EqualsLowerAscii(word, "ago") &&
        out_->tags.size() >= 2 &&
        out_->tokens[out_->tokens.size() - 2].paragraph == paragraph_ &&
        tag::In(out_->tags[out_->tags.size() - 2], "nD") &&
        tag::In(out_->tags.back(), "wt")) {
      out_->tags[out_->tags.size() - 2] = tag::kTime;
      out_->tags.back() = tag::kTime;
      tag = tag::kTime;
      aux = 0;
    }
  }
  // A capital inside a sentence marks a name ("Will", "Hope", "Young"),
  // unless the word is a title, an organisation head, "I" or a time.
  if (cap && e != nullptr && !sentence_start_ && !headline &&
      tag != tag::kTitle && tag != tag::kOrganisation && tag != tag::kNumber &&
      tag != tag::kTime && !(tag == tag::kPronoun && word == "I") &&
      tag != tag::kName) {
    tag = tag::kName;
    aux = 0;
  }
  if ((flags & Token::kAbbreviation) && tag != tag::kTitle &&
      !(end - start == 2)) {
    pending_abbreviation_ = true;
  }
  ++words;
  if (cap || IsDigit(first)) {
    ++capitalised_words;
  } else if (tag == tag::kDeterminer || tag == tag::kPreposition ||
             tag == tag::kCoordinator || tag == tag::kSubordinator) {
    --words;  // small words stay lower case in title case
  }
  // A base form right after a determiner is a noun: "the report", "his
  // call", "a promise"; after a quantifier that stands alone as a subject
  // it is a verb: "Some say", "Many argue", "Others insist".
  if ((tag == tag::kCueBase || tag == tag::kCueBaseThat) &&
      !out_->tags.empty() &&
      ((out_->tags.back() == tag::kDeterminer &&
        !IsStandaloneQuantifier(out_->TokenText(out_->tokens.size() - 1))) ||
       out_->tags.back() == tag::kPossessive ||
       out_->tags.back() == tag::kGenitive)) {
    tag = tag::kCueNoun;
    aux = 0;
  }
  // A base form between a singular role and a name is part of the role:
  // "general counsel Mark Buckstein"; not after a role that heads its own
  // phrase ("Analysts say Kovac ...", "Allies of the governor say Kovac
  // ...").
  const size_t emitted = out_->tags.size();
  if (tag == tag::kName && emitted >= 2 &&
      (out_->tags.back() == tag::kCueBase ||
       out_->tags.back() == tag::kCueBaseThat) &&
      out_->tags[emitted - 2] == tag::kTitle &&
      out_->tokens.back().paragraph == paragraph_ &&
      !(emitted >= 3 && tag::In(out_->tags[emitted - 3], "DGp")) &&
      !LooksPlural(out_->TokenText(emitted - 2)) &&
      !IsCollectiveNoun(out_->TokenText(emitted - 2))) {
    out_->tags.back() = tag::kTitle;
    out_->tokens.back().aux = 0;
  }
  // A cue word in -s after a number or a time is a plural noun: "3
  // points", "two reports", "10 claims", "Last week reports emerged".
  if (tag::IsCueVerb(tag) && !out_->tags.empty() &&
      (out_->tags.back() == tag::kNumber || out_->tags.back() == tag::kTime) &&
      n > 3 && buf[n - 1] == 's') {
    tag = tag::kWord;
    aux = 0;
  }
  // A finite cue form right after an article or a possessive is no verb: in -s
  // a plural noun ("the claims", "his remarks", "the company's claims"),
  // in -ed an adjective ("the proposed changes", "their reported remarks").
  // Not in -ed after 's, which may be "has": "he's proposed"; not after
  // "her", which may be an object.
  if (tag::IsFiniteCue(tag) && !out_->tags.empty() && n > 3) {
    const char prev = out_->tags.back();
    const std::string_view prev_word = out_->TokenText(out_->tokens.size() - 1);
    const bool article = prev == tag::kDeterminer &&
                         EqualsAnyLowerAscii(prev_word, {"the", "a", "an"});
    // "her" may be an object too: "a lawyer for her says".
    const bool possessive =
        prev == tag::kPossessive && !EqualsLowerAscii(prev_word, "her");
    const bool plural = buf[n - 1] == 's';
    const bool past = buf[n - 1] == 'd' && buf[n - 2] == 'e';
    if ((plural && (article || possessive || prev == tag::kGenitive)) ||
        (past && (article || possessive))) {
      tag = tag::kWord;
      aux = 0;
    }
  }
  // A finite cue form after a form of "be" is a passive participle: "the
  // tax was announced", "Trump was asked", "it has been widely reported".
  // Its subject is what was said, or whom it was said to; a speaker, if
  // named at all, follows "by" (no rule reads one there).  Adverbs in -ly
  // and "also" may stand between ("was also asked"); others end a clause
  // ("people who were there said").  Some participles name their speaker
  // as subject: "he was quoted as saying", "she is worried that", "they
  // are convinced that".
  if (tag::IsFiniteCue(tag) && !IsSubjectParticiple(word)) {
    size_t k = out_->tags.size();
    while (k > 0 && out_->tags.size() - k < 2 &&
           out_->tags[k - 1] == tag::kAdverb) {
      const std::string_view adverb = out_->TokenText(k - 1);
      const size_t m = adverb.size();
      if (!EqualsLowerAscii(adverb, "also") &&
          !(m > 2 && EqualsLowerAscii(adverb.substr(m - 2), "ly"))) {
        break;
      }
      --k;
    }
    if (k > 0 && out_->tags[k - 1] == tag::kAuxiliary) {
      if (IsBeForm(out_->TokenText(k - 1))) {
        tag = tag::kWord;
        aux = 0;
      }
    }
  }
  // A capitalised plain word opening a sentence right before a finite cue
  // verb is a name: "Italy said", "Labour insisted".
  if (tag::IsFiniteCue(tag) && !out_->tags.empty() &&
      out_->tags.back() == tag::kWord &&
      (out_->tokens.back().flags & Token::kSentenceInitial) &&
      (out_->tokens.back().flags & Token::kCapitalised)) {
    out_->tags.back() = tag::kName;
  }
  // A base form or cue noun right before a role or an organisation
  // modifies it: "State officials", "the state department"; a base form
  // opening a clause before a plural noun too: "State inspectors".  After
  // anything but the start of a clause, a determiner or a possessive a
  // base form stays a verb whose addressee or content follows ("will tell
  // officials", "Tories say officials lied"), unless the lexicon says it
  // modifies roles ("White House press secretary"); a cue noun before a plural
  // plain word is the subject of a verb ("the letter makes a case").
  if ((tag == tag::kTitle || tag == tag::kOrganisation || tag == tag::kWord) &&
      !out_->tags.empty() && out_->tokens.back().paragraph == paragraph_) {
    const char prev = out_->tags.back();
    const char before =
        out_->tags.size() >= 2 ? out_->tags[out_->tags.size() - 2] : '/';
    const bool base = prev == tag::kCueBase || prev == tag::kCueBaseThat;
    const bool modifier_of_role =
        tag != tag::kWord &&
        (prev == tag::kCueNoun ||
         (base &&
          (tag::In(before, "/.;:,(-DG'") ||
           lex_.ModifiesRoles(static_cast<int>(out_->tokens.back().aux)))));
    const bool modifier_of_plural = tag == tag::kWord && base &&
                                    tag::In(before, "/.;:,(-") &&
                                    LooksPlural(word);
    // A capitalised plain word opening a sentence before a role is part
    // of it: "Former Secretary of State ...", "Senior officials".
    Token& last = out_->tokens.back();
    if (tag == tag::kTitle && prev == tag::kWord &&
        (last.flags & Token::kSentenceInitial) &&
        (last.flags & Token::kCapitalised)) {
      out_->tags.back() = tag::kTitle;
    }
    if (modifier_of_role || modifier_of_plural) {
      out_->tags.back() =
          (last.flags & Token::kCapitalised) ? tag::kName : tag::kWord;
      last.aux = 0;
    }
  }
  Emit(start, end, tag, aux, flags);
  sentence_start_ = false;
}

// True iff "t" tags a word (not punctuation, a quotation or a break).
bool IsWordTag(char t) {
  return (t >= 'A' && t <= 'Z' && t != tag::kQuotation && t != tag::kPhrase) ||
         (t >= 'a' && t <= 'z' && t != tag::kStrayMark && t != tag::kSymbol);
}

void ParagraphScanner::EmitPunct(size_t start, size_t end, char tag) {
  if (tag == tag::kComma && !out_->tags.empty() &&
      out_->tags.back() == tag::kName &&
      (out_->tokens.back().flags & Token::kSentenceInitial) &&
      out_->tokens.back().paragraph == paragraph_) {
    const std::string_view word = out_->TokenText(out_->tokens.size() - 1);
    char buf[Lexicon::kMaxPadded];
    const size_t n =
        Fold(word, buf, sizeof(buf), text_.size() - out_->tokens.back().start);
    if (n > 0 && OpensWithAdverb(buf, n)) out_->tags.back() = tag::kAdverb;
  }
  Emit(start, end, tag, 0, 0);
}

void ParagraphScanner::Scan(Range para, uint32_t paragraph,
                            size_t first_quote) {
  paragraph_ = paragraph;
  sentence_start_ = true;
  pending_abbreviation_ = false;
  words = capitalised_words = quotations = 0;
  ends_with_stop = false;
  size_t q = first_quote;
  const auto& quotes = out_->quotations;
  // A dateline is no part of the first sentence: "WASHINGTON — Sen. Ortiz
  // defended the plan, saying ..." has Ortiz, not WASHINGTON, as subject.
  size_t i = tokenizer_internal::DatelineEnd(text_, para.start, para.end);
  // No quotation may open inside what is skipped: it would never be
  // emitted, nor any after it in the paragraph.
  if (q < quotes.size() && quotes[q].open < i) i = para.start;
  const size_t end = para.end;
  while (i < end) {
    if (q < quotes.size() && quotes[q].open == i) {
      CutLongSentence(false);
      const Quotation& quo = quotes[q];
      // An abbreviation before a quotation that opens with a capital ends
      // its sentence: "the best seller in the U.S. "Forget about Ford,"
      // Ellison said."  A short phrase does not ("the U.S. "Patriot Act"");
      // nor does a mark with nothing after it.
      if (pending_abbreviation_ && !IsPhrase(quo) &&
          quo.content_start < quo.content_end) {
        char32_t first;
        DecodeUtf8(text_, quo.content_start, &first);
        if (IsUpper(first)) EndSentenceAfterLastToken();
      }
      Emit(quo.open, quo.close, IsPhrase(quo) ? tag::kPhrase : tag::kQuotation,
           static_cast<uint32_t>(q),
           sentence_start_ ? Token::kSentenceInitial : 0);
      ++quotations;
      sentence_start_ = false;
      pending_abbreviation_ = false;
      i = quo.close;
      // A quotation ending its sentence before a capital: a soft boundary
      // that rules starting at the quotation may cross ("Q." He said ...).
      if (quo.ends_sentence && EndsSentenceAfter(i, end) && i < end) {
        Emit(i, i, tag::kSoftBoundary, 0, 0);
        StartSentence();
      }
      ++q;
      continue;
    }
    char32_t cp;
    int len = DecodeUtf8(text_, i, &cp);
    if (IsSpace(cp)) {
      i += len;
      continue;
    }
    if (IsWordChar(cp)) {
      // Checked before words and quotations, not every character: other
      // tokens are punctuation, which checks after itself.
      CutLongSentence(false);
      size_t j = ScanWord(i, end);
      EmitWord(i, j);
      i = j;
      // A clitic split off the word: 's, n't, 've.
      int alen;
      if (i < end && (IsApostrophe(text_, i, &alen) ||
                      (LowerAscii(text_[i]) == 'n' && i + 1 < end &&
                       IsApostrophe(text_, i + 1, &alen)))) {
        size_t k = i;
        if (LowerAscii(text_[k]) == 'n') ++k;
        k += alen;
        size_t wend = k;
        while (wend < end && IsLetter(static_cast<unsigned char>(text_[wend])))
          ++wend;
        if (wend > k && wend - k <= 2) {
          std::string_view rest = text_.substr(k, wend - k);
          if (rest == "s" || rest == "S") {
            // What owns a genitive is a noun, never a cue: "The state's
            // party leader said", "the report's author".
            if (!out_->tags.empty() && tag::In(out_->tags.back(), "CBb") &&
                out_->tokens.back().paragraph == paragraph_) {
              out_->tags.back() = tag::kWord;
              out_->tokens.back().aux = 0;
            }
            Emit(i, wend, tag::kGenitive, 0, 0);
            pending_abbreviation_ = false;  // "the U.S.'s": not its stop
          } else {
            EmitWord(i, wend);
          }
          i = wend;
        }
      }
      continue;
    }
    // Punctuation and symbols.
    char tag = tag::kSymbol;
    size_t j = i + len;
    if (cp == '.' || cp == '!' || cp == '?' || cp == 0x2026) {
      while (j < end && (text_[j] == '.' || text_[j] == '!' || text_[j] == '?'))
        ++j;
      if (EndsSentenceAfter(j, end)) {
        EmitPunct(i, j, tag::kSentenceEnd);
        StartSentence();
        pending_abbreviation_ = false;
        i = j;
        continue;
      }
    } else if (cp == ',') {
      tag = tag::kComma;
    } else if (cp == ';') {
      tag = tag::kSoftBoundary;
    } else if (cp == ':') {
      tag = tag::kColon;
    } else if (const size_t dash = DashLength(text_, i, end); dash > 0) {
      j = i + dash;
      tag = tag::kDash;
    } else if (cp == '(' || cp == '[') {
      tag = tag::kOpenBracket;
    } else if (cp == ')' || cp == ']') {
      tag = tag::kCloseBracket;
    } else if (IsQuoteChar(cp)) {
      tag = tag::kStrayMark;
      // An apostrophe after a plural in -s is a possessive: "Sanders'
      // campaign", "the players' union".
      if ((cp == '\'' || cp == 0x2019) && i > para.start &&
          (text_[i - 1] == 's' || text_[i - 1] == 'S') && !out_->tags.empty() &&
          IsWordTag(out_->tags.back())) {
        tag = tag::kGenitive;
      }
    }
    EmitPunct(i, j, tag);
    pending_abbreviation_ = false;
    i = j;
    CutLongSentence(tag == tag::kComma || tag == tag::kSoftBoundary ||
                    tag == tag::kColon || tag == tag::kDash);
  }
  // Title case without a final stop: a headline.
  ends_with_stop =
      !out_->tags.empty() &&
      (out_->tags.back() == tag::kSentenceEnd ||
       tag::IsQuotation(out_->tags.back()) || out_->tags.back() == tag::kColon);
}

}  // namespace

void TokenizedText::Clear() {
  text = {};
  tokens.clear();
  tags.clear();
  quotations.clear();
  paragraphs.clear();
  sentence_starts.clear();
}

void Tokenizer::FindQuotations(std::string_view text,
                               std::vector<Quotation>* out) const {
  out->clear();
  std::vector<Range> paras;
  FindParagraphs(text, &paras);
  std::vector<MarkAt> marks;
  for (size_t p = 0; p < paras.size(); ++p) {
    QuotationsOf(text, paras[p], static_cast<uint32_t>(p), &marks, out);
  }
}

void Tokenizer::Tokenize(std::string_view text, TokenizedText* out) const {
  out->Clear();
  out->text = text;
  out->tokens.reserve(text.size() / 5 + 16);
  out->tags.reserve(text.size() / 5 + 16);
  std::vector<Range> paras;
  FindParagraphs(text, &paras);
  std::vector<MarkAt> marks;
  ParagraphScanner scanner(*lexicon_, out);
  out->sentence_starts.push_back(0);
  for (size_t p = 0; p < paras.size(); ++p) {
    const Range para = paras[p];
    const uint32_t index = static_cast<uint32_t>(out->paragraphs.size());
    const size_t first_quote = out->quotations.size();
    QuotationsOf(text, para, index, &marks, &out->quotations);
    // The paragraph's break token starts a new sentence.
    const size_t first_token = out->tokens.size();
    if (out->sentence_starts.back() != first_token) {
      out->sentence_starts.push_back(static_cast<uint32_t>(first_token));
    }
    Token brk;
    brk.start = brk.end = para.start;
    brk.paragraph = index;
    brk.sentence = static_cast<uint32_t>(out->sentence_starts.size() - 1);
    out->tokens.push_back(brk);
    out->tags.push_back(tag::kParagraph);
    scanner.headline = false;
    scanner.Scan(para, index, first_quote);
    const bool title_case = scanner.words >= 3 &&
                            scanner.capitalised_words * 10 >= scanner.words * 8;
    if (p == 0 && title_case) {
      // The document's own headline: read its capitalised words as the
      // words they are, so that "Clinton Says ..." is an attribution.
      out->tokens.resize(first_token + 1);
      out->tags.resize(first_token + 1);
      while (out->sentence_starts.size() > 1 &&
             out->sentence_starts.back() > first_token) {
        out->sentence_starts.pop_back();
      }
      scanner.headline = true;
      scanner.Scan(para, index, first_quote);
      scanner.headline = false;
    }
    Paragraph rec;
    rec.start = para.start;
    rec.end = para.end;
    rec.first_token = static_cast<uint32_t>(first_token);
    // A headline anywhere else is another story's, inserted in the page.
    bool noise = p > 0 && scanner.quotations == 0 && !scanner.ends_with_stop &&
                 title_case;
    if (!noise && noise_ != nullptr) {
      noise = RE2::PartialMatch(
          re2::StringPiece(text.data() + para.start, para.end - para.start),
          *noise_);
    }
    if (noise) {
      // Keep the break only; drop quotations and sentences it opened.
      out->tokens.resize(first_token + 1);
      out->tags.resize(first_token + 1);
      out->quotations.resize(first_quote);
      while (out->sentence_starts.size() > 1 &&
             out->sentence_starts.back() > first_token) {
        out->sentence_starts.pop_back();
      }
    }
    rec.noise = noise;
    rec.end_token = static_cast<uint32_t>(out->tokens.size());
    out->paragraphs.push_back(rec);
    // Every paragraph ends its sentence.
    if (out->sentence_starts.back() != out->tokens.size()) {
      out->sentence_starts.push_back(static_cast<uint32_t>(out->tokens.size()));
    }
  }
  // sentence_starts lists starts only: drop a trailing empty sentence.
  if (out->sentence_starts.size() > 1 &&
      out->sentence_starts.back() == out->tokens.size()) {
    out->sentence_starts.pop_back();
  }
}

}  // namespace quotes
