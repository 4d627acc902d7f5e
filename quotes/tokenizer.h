// Copyright The Quote Tracker Authors.
//
// Tokenizer: one document's text -> paragraphs, quotations, tokens with a
// tag each (quotes/tags.h) and sentence boundaries, in two linear scans.
//
//   1. Paragraphs and quotation marks: marks are paired within a paragraph
//      (straight, curly and angle double quotes; single quotes told apart
//      from apostrophes); an unclosed quotation ends with its paragraph.
//   2. Words, punctuation and quotations (one "Q" token each), tagged from
//      the lexicon; sentence ends placed with care for abbreviations.
//
// Page noise (headlines of other stories, share lines, "Comments are
// closed") is recognised per paragraph and leaves only its paragraph break
// in the token stream, so it yields no quotes and no antecedents.
//
// Offsets are UTF-8 byte offsets into the original text; invalid bytes are
// single symbol tokens and never shift them.
//
// Thread safety: a Tokenizer is immutable; Tokenize() may run concurrently
// on different outputs.

#ifndef QUOTES_TOKENIZER_H_
#define QUOTES_TOKENIZER_H_

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "quotes/lexicon.h"

namespace re2 {
class RE2;
}  // namespace re2

namespace quotes {

struct Token {
  // Byte range; for a quotation, from its opening to its closing mark.
  uint32_t start = 0;
  uint32_t end = 0;
  // Quotation tokens: index into TokenizedText::quotations.  Cue verbs: the
  // lemma index (Lexicon::lemma).  Otherwise unused.
  uint32_t aux = 0;
  uint32_t paragraph = 0;
  uint32_t sentence = 0;
  uint8_t flags = 0;

  enum Flags : uint8_t {
    kCapitalised = 1 << 0,
    kAllCaps = 1 << 1,
    // First word of its sentence.
    kSentenceInitial = 1 << 2,
    // A word that kept a final period ("Mr.", "U.S.").
    kAbbreviation = 1 << 3,
  };
};

struct Quotation {
  uint32_t open = 0;           // start of the opening mark
  uint32_t content_start = 0;  // after the opening mark and spaces
  uint32_t content_end = 0;    // before the closing mark and spaces
  uint32_t close = 0;          // end of the closing mark (== content_end
                               // region end when unclosed)
  uint32_t paragraph = 0;
  bool closed = false;
  bool single = false;  // single quotation marks
  // Number of words in the content.
  uint32_t words = 0;
  // The content ends a sentence (its last character is . ! ? or the
  // quotation fills its paragraph).
  bool ends_sentence = false;
  // The content ends with , ; or : (speech going on after the quotation).
  bool ends_with_comma = false;
};

struct Paragraph {
  uint32_t start = 0;  // bytes
  uint32_t end = 0;
  uint32_t first_token = 0;  // its "/" token
  uint32_t end_token = 0;    // one past its last token
  bool noise = false;
};

struct TokenizedText {
  std::string_view text;
  std::vector<Token> tokens;
  // tags[i] is the tag of tokens[i].
  std::string tags;
  std::vector<Quotation> quotations;
  std::vector<Paragraph> paragraphs;
  // Token index where each sentence starts.
  std::vector<uint32_t> sentence_starts;

  std::string_view TokenText(size_t i) const {
    return text.substr(tokens[i].start, tokens[i].end - tokens[i].start);
  }
  // The token just past sentence "s": where sentence s + 1 starts, or the
  // end of the text.  REQUIRES: s < sentence_starts.size().
  uint32_t SentenceEnd(size_t s) const {
    return s + 1 < sentence_starts.size()
               ? sentence_starts[s + 1]
               : static_cast<uint32_t>(tokens.size());
  }
  void Clear();
};

class Tokenizer {
 public:
  // A run-on sentence is cut in pieces, each ended by an empty stop
  // token.  The rules scan a sentence's tags with RE2 once a match, and a
  // scan may read to the sentence's end, so a sentence of n clauses with
  // a quote each ("..., Ames said, and ..., Bo said, and ...") or a text
  // with no stops would cost n^2.  A sentence of kLongSentence tokens ends
  // after its next comma, semicolon, colon or dash; one of kMaxSentence
  // tokens ends there.  In the bbc_reuters corpus 122 of 168,053
  // sentences pass 100 tokens and 11 pass 200, most of them tables.
  static constexpr size_t kLongSentence = 100;
  static constexpr size_t kMaxSentence = 200;

  // "lexicon" and "noise" are not owned and must outlive the tokenizer.
  // "noise" matches the start of a paragraph that is page noise; may be
  // nullptr.
  Tokenizer(const Lexicon* lexicon, const re2::RE2* noise)
      : lexicon_(lexicon), noise_(noise) {}

  // Replaces *out with the analysis of "text"; out->text views "text",
  // which must outlive *out.
  void Tokenize(std::string_view text, TokenizedText* out) const;

  // Replaces *out with the quotation spans of "text", paragraph by
  // paragraph, as Tokenize finds them before it reads the words (it then
  // drops those of paragraphs it finds to be page noise).  The first stage
  // of Tokenize, on its own for benchmarks and tests.
  void FindQuotations(std::string_view text, std::vector<Quotation>* out) const;

 private:
  const Lexicon* const lexicon_;
  const re2::RE2* const noise_;
};

// True iff "word" (any case) reads as a plural noun: "operatives", "groups",
// "women", "children"; not "news", "business", "status" or "this".  The
// tagger uses it for nouns after a cue word, the extractor for subjects of
// a base-form cue.
bool LooksPlural(std::string_view word);

// True iff "word" (any ASCII case) is a group noun that is plural without
// a final s: "police", "staff", "people".
bool IsCollectiveNoun(std::string_view word);

// True iff "word" (any case) is a form of "be": is, are, was, were, be,
// been, being, am, 're, 'm (straight or curly apostrophe).  A cue form
// after one is a passive participle.
bool IsBeForm(std::string_view word);

// True iff "word" (any case) is a participle whose subject after "be" is
// the one who speaks or believes: "quoted" ("was quoted as saying"),
// "worried", "convinced" ("is worried that").
bool IsSubjectParticiple(std::string_view word);

// True iff "word" (any case) is a quantifier that may be a plural subject
// on its own: "Some say", "Many believe", "Others insist".
bool IsStandaloneQuantifier(std::string_view word);

// True iff "word" equals "lower" (lower case) but for the case of its
// ASCII letters: "Those", "THOSE" and "those" equal "those".
bool EqualsLowerAscii(std::string_view word, std::string_view lower);

// True iff "word" equals one of "lowers" (each lower case) but for the case
// of its ASCII letters.
bool EqualsAnyLowerAscii(std::string_view word,
                         std::initializer_list<std::string_view> lowers);

// The tokenizer's inner loops, which read eight bytes at a time; declared
// here so that tests can hold them to their byte-at-a-time versions.
namespace tokenizer_internal {

// The first position in text[i, end) whose byte may begin a quotation mark
// (" ' ` or the lead byte of a curly or angle mark), or "end".
size_t NextMarkLead(std::string_view text, size_t i, size_t end);
size_t NextMarkLeadSlow(std::string_view text, size_t i, size_t end);

// The first position in text[i, end) whose byte is not an ASCII letter or
// digit, or "end".
size_t SkipAsciiWordBytes(std::string_view text, size_t i, size_t end);
size_t SkipAsciiWordBytesSlow(std::string_view text, size_t i, size_t end);

// Case-folds "word" into "buf" (ASCII letters only; other bytes copied; the
// curly apostrophe becomes a straight one), followed by 8 zero bytes as
// Lexicon::FindPadded wants them.  Returns the folded length, or 0 when it
// would be more than cap - 9 bytes.  Writes at most cap - 1 bytes of "buf".
// "readable": how many bytes from word.data() on may be read (the word
// and the rest of the text it is in).  When the word's length is not a
// multiple of eight and the eight bytes from the start of its last,
// partial eight are readable, they are read in one load and the bytes
// past the word masked off; otherwise (readable 0, the default) those
// bytes are read one at a time, and nothing past the word is read.
size_t Fold(std::string_view word, char* buf, size_t cap, size_t readable = 0);
size_t FoldSlow(std::string_view word, char* buf, size_t cap);

// The end of a dateline or an upper-case kicker opening the paragraph at
// "start" ("WASHINGTON (AP) — ", "MANCHESTER, N.H. - ", "ECONOMIC
// SPOTLIGHT - "), dash and spaces included; "start" when there is none.
// One is an upper-case place of three letters or more, perhaps a comma and
// a region or a date whose words open with a capital or a digit, and an
// agency in brackets, all in ASCII on one line with no quotation mark, then
// a dash between spaces and a capital or a quotation mark.  Reads only
// text[start, min(end, start + 80)).
size_t DatelineEnd(std::string_view text, size_t start, size_t end);

}  // namespace tokenizer_internal

}  // namespace quotes

#endif  // QUOTES_TOKENIZER_H_
