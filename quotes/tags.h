// Copyright The Quote Tracker Authors.
//
// The tag alphabet: one character per token of a document's tag string.
// The rules of quotes/rules.textproto are RE2 patterns over these
// characters, so a reviewer can read a rule like a grammar:
//
//   Q,?(?P<cue>V)(?P<speaker>{NP})   "...," said Dmitry Peskov
//
// Structure
//   /  paragraph break (a virtual token, zero bytes wide)
//   .  end of sentence (. ! ? or an ellipsis ending a sentence)
//   ;  semicolon, or a soft boundary after a quotation ending in . ! ?
//   ,  comma      :  colon      -  dash      (  )  brackets
//   Q  a whole quotation, marks included ("..." collapsed to one token)
//   R  a quoted phrase: at most four words and no closing punctuation
//      inside, as in titles, nicknames and scare quotes ("all shapes and
//      sizes"); reported content may hold one, but it is not speech alone
//   q  a quotation mark that pairs with nothing
//   o  any other symbol
// Words
//   N  capitalised word that may be part of a name ("Macron", "UFCW")
//   T  title or role ("President", "spokesman", "Mr.")
//   O  organisation head ("ministry", "police", "government")
//   P  subject pronoun (he she they it we I you)
//   m  object pronoun (him her them us me)
//   W  relative pronoun (who which)
//   D  determiner (the a an this)
//   G  possessive determiner (his her their its)
//   '  possessive 's
//   h  "that"      a  "according"      x  negation (not, n't, never)
//   r  auxiliary or modal (has was will did)
//   y  adverb (also, previously, -ly words)
//   p  preposition     s  subordinator (while, although)
//   e  preposition of time or circumstance (after, during, despite)
//   &  coordinator (and or but)     n  number or count (12, nine, dozens)
//   t  time word (Friday, May, week, morning, a.m.)     w  any other word
// Cues (lemma and frame from quotes/lexicon.textproto)
//   V  finite verb taking a clause, "that" optional (said, says, argued)
//   K  finite verb taking an addressee first (told, tells)
//   U  finite verb taking a clause only after "that" (added, noted)
//   M  finite verb taking a noun phrase or a clause (emphasized, stressed)
//   B  base form of a clause or addressee verb (say, tell); the engine takes
//      it as a cue only after an auxiliary or modal, a pronoun other than
//      he/she/it, or a role or group noun ("officials say")
//   b  base form of a that-verb or object verb (add, stress)
//   I  -ing form of a clause or that-verb (saying, adding, acknowledging)
//   J  -ing form of an addressee verb (telling)
//   C  cue noun (statement, remarks, view)

#ifndef QUOTES_TAGS_H_
#define QUOTES_TAGS_H_

#include <string_view>

namespace quotes {
namespace tag {

inline constexpr char kParagraph = '/';
inline constexpr char kSentenceEnd = '.';
inline constexpr char kSoftBoundary = ';';
inline constexpr char kComma = ',';
inline constexpr char kColon = ':';
inline constexpr char kDash = '-';
inline constexpr char kOpenBracket = '(';
inline constexpr char kCloseBracket = ')';
inline constexpr char kQuotation = 'Q';
inline constexpr char kPhrase = 'R';
inline constexpr char kStrayMark = 'q';
inline constexpr char kSymbol = 'o';
inline constexpr char kName = 'N';
inline constexpr char kTitle = 'T';
inline constexpr char kOrganisation = 'O';
inline constexpr char kPronoun = 'P';
inline constexpr char kObjectPronoun = 'm';
inline constexpr char kRelative = 'W';
inline constexpr char kDeterminer = 'D';
inline constexpr char kPossessive = 'G';
inline constexpr char kGenitive = '\'';
inline constexpr char kThat = 'h';
inline constexpr char kAccording = 'a';
inline constexpr char kNegation = 'x';
inline constexpr char kAuxiliary = 'r';
inline constexpr char kAdverb = 'y';
inline constexpr char kPreposition = 'p';
inline constexpr char kSubordinator = 's';
inline constexpr char kTimePreposition = 'e';
inline constexpr char kCoordinator = '&';
inline constexpr char kNumber = 'n';
inline constexpr char kTime = 't';
inline constexpr char kWord = 'w';
inline constexpr char kCueClause = 'V';
inline constexpr char kCueAddressee = 'K';
inline constexpr char kCueThat = 'U';
inline constexpr char kCueObject = 'M';
inline constexpr char kCueBase = 'B';
inline constexpr char kCueBaseThat = 'b';
inline constexpr char kCueIng = 'I';
inline constexpr char kCueIngAddressee = 'J';
inline constexpr char kCueNoun = 'C';

// The characters a rule pattern may use as tags (besides RE2 syntax).
inline constexpr char kAlphabet[] =
    "/.;,:-()QRqoNTOPmWDG'haxrypes&ntwVKUMBbIJC";

namespace tags_internal {
struct BitTable {
  unsigned char bit[256];
};
// Built at compile time, so that lookups need no guard for a static.
constexpr BitTable MakeBitTable() {
  BitTable t{};
  for (int i = 0; i < 256; ++i) t.bit[i] = 63;
  for (int i = 0; kAlphabet[i] != 0; ++i) {
    t.bit[static_cast<unsigned char>(kAlphabet[i])] =
        static_cast<unsigned char>(i);
  }
  return t;
}
inline constexpr BitTable kBitTable = MakeBitTable();
}  // namespace tags_internal

// The index of tag "c" in the alphabet (0..41); 63 for any other byte.
inline int BitOf(unsigned char c) { return tags_internal::kBitTable.bit[c]; }

// True iff "c" is one of the tags listed in "tags" (a literal, such as
// "DG", or kAlphabet).  Compared inline, as the tests of tags run for
// every token; unlike std::strchr, never true for NUL.
inline bool In(char c, std::string_view tags) {
  for (const char t : tags) {
    if (c == t) return true;
  }
  return false;
}

// True iff "c" is a tag of a quotation or a quoted phrase.
inline bool IsQuotation(char c) { return c == kQuotation || c == kPhrase; }

// True iff "c" tags a finite cue verb: "said", "told", "added", "urged".
inline bool IsFiniteCue(char c) {
  return c == kCueClause || c == kCueAddressee || c == kCueThat ||
         c == kCueObject;
}

// True iff "c" is a tag of a cue verb form.
inline bool IsCueVerb(char c) {
  return IsFiniteCue(c) || c == kCueBase || c == kCueBaseThat || c == kCueIng ||
         c == kCueIngAddressee;
}

}  // namespace tag
}  // namespace quotes

#endif  // QUOTES_TAGS_H_
