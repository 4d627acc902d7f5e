// Copyright The Quote Tracker Authors.
//
// Word-level similarity of a claimed quotation and a stored quote, for
// `quotes verify`: tokens with light stemming, the stems a quote is indexed
// under, a score that tolerates reordered clauses, changed tense and
// punctuation, and a word diff shown in the stored text's own words.
//
// The model, in short:
//   * Words are the store's words (normalize.h: letters and digits, case
//     folded, apostrophes inside words, "2.5" one word), contractions
//     expanded ("won't" -> will not) and stemmed lightly ("closed",
//     "closes", "closing" -> "clos"; "said" -> "say"; "would" -> "will").
//   * Function words ("the", "we", "will") weigh kFunctionWordWeight,
//     every other word 1.  Negations ("not", "never", "no") weigh 1 and
//     are tracked: a claim that adds or drops one reverses the meaning.
//   * The claim is aligned to the quote by a weighted longest common
//     subsequence of stems (the words in order); claim words left over
//     that occur elsewhere in the quote count as moved (a reordered
//     clause).  The part of the quote the claim covers runs from the
//     first to the last word matched, so that a claim quoting half of a
//     long statement is not penalised for the half it leaves out.
//   * score = Dice(P, R) * (1 - kOrderWeight * moved share), with P the
//     share of the claim's weight found in the quote and R the share of
//     the covered part's weight found in the claim (the words outside it
//     count kOutsideWeight each; a word in another form counts
//     kInflectionCredit).
//
// Changing the tokens or the stems changes the index entries: bump
// kSimilarityIndexVersion (storage/similarity_index.h) when you do.
//
// All functions are pure and thread-safe.

#ifndef STORAGE_SIMILARITY_H_
#define STORAGE_SIMILARITY_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace quotes {

// Weight of a function word relative to a content word.
inline constexpr double kFunctionWordWeight = 0.3;
// Share of the score that word order can take away: a claim with every
// word moved keeps 1 - kOrderWeight of its bag-of-words score.
inline constexpr double kOrderWeight = 0.15;
// Weight, relative to a word inside it, of a quote word outside the part
// the claim covers.
inline constexpr double kOutsideWeight = 0.25;
// Credit for a word matched in another form ("closes" for "closed"): a
// change of tense is a change of wording, though a small one.
inline constexpr double kInflectionCredit = 0.8;

// Verdict thresholds on the score.  Below kParaphraseScore nothing of the
// quote is in the claim to speak of.
inline constexpr double kCloseWordingScore = 0.75;
inline constexpr double kParaphraseScore = 0.45;

// A word of a text as similarity sees it.
struct SimilarityToken {
  enum class Kind {
    kContent,   // weight 1, indexed
    kNegation,  // weight 1, not indexed ("not", "never", "no")
    kFunction,  // weight kFunctionWordWeight, not indexed
  };
  std::string word;  // lower-cased as written ("closed"; "will" for "won't")
  std::string stem;  // LightStem(word)
  Kind kind = Kind::kContent;
  // The UTF-8 byte range of the word in the text.  Both words of an
  // expanded contraction have the contraction's range.
  uint32_t start = 0;
  uint32_t end = 0;
};

// The tokens of "text" in order.  Any bytes are accepted: invalid UTF-8
// separates words.
std::vector<SimilarityToken> SimilarityTokens(std::string_view text);

// The light stem of a lower-cased word: irregular forms to their base
// ("said" -> "say", "was" -> "be", "would" -> "will"), then plural and
// tense suffixes off ("-s", "-es", "-ies", "-ed", "-ing", a final "e", a
// doubled consonant).  Not a linguistic stemmer: it only has to map the
// forms of one word together and rarely two words onto one stem.
std::string LightStem(std::string_view word);

// The distinct stems of the content words of "text", sorted: the terms a
// quote is indexed under and a claim looks candidates up by.
std::vector<std::string> IndexStems(std::string_view text);

// The stem a store posts a searchable word under (normalize.h:
// SearchableWords), so that one posting list serves every form of a word:
// the stem of the one content word the tokens of "word" hold ("closed" ->
// "clos"; "macron's" -> "macron"; "john'll" -> "john", its "will" being a
// function word).  Empty for function words and negations, for a word
// holding no content word or more than one, and for a stem longer than
// kMaxIndexedWordBytes.  "word" is lower case, as SearchableWords gives
// it.  Every stem IndexStems(key) returns is the WordStem of a word of
// "key".
std::string WordStem(std::string_view word);

// The byte that stands for "word", one form of its stem, in the store's
// stem postings (storage/similarity_index.h): a hash of it.  Two forms of
// one stem share a byte one time in 256; a query's check of the record
// then tells them apart.
char FormByte(std::string_view word);

enum class Verdict {
  kNotFound = 0,
  // The words overlap, but much differs: another statement on the same
  // subject, or a loose paraphrase.
  kParaphrase = 1,
  // The quote, with words dropped, added, changed or moved.
  kCloseWording = 2,
  // The same words (case and punctuation aside), or a run of at least
  // kMinExcerptContentWords content words of a longer quote as written.
  kExact = 3,
};

// Content words an exact excerpt must hold.  An excerpt with fewer is at
// most a paraphrase-like overlap.
inline constexpr int kMinExcerptContentWords = 3;
// A claim that puts this many content words, in one run, in place of as
// many of the quote's makes another statement: at most a paraphrase-like
// overlap, whatever the score.
inline constexpr int kSubstitutedPhraseWords = 3;

// "exact", "close wording", "paraphrase-like overlap", "not found".
const char* VerdictText(Verdict verdict);
// "exact", "close_wording", "paraphrase", "not_found" (for JSON).
const char* VerdictName(Verdict verdict);

// One step of the word diff, in the quote's word order.
struct DiffOp {
  enum class Kind {
    kSame,        // the same words
    kInflection,  // the same stems, another form ("closes" for "closed")
    kChanged,     // other words in place of the quote's
    kDropped,     // quote words the claim leaves out
    kAdded,       // claim words the quote does not have
    kMoved,       // quote words the claim has, elsewhere
    kOutside,     // quote words outside the part the claim covers
  };
  Kind kind = Kind::kSame;
  // Byte range in the quote's text: the words and the punctuation between
  // them.  kAdded: start == end, the point where the claim inserts words.
  uint32_t quote_start = 0;
  uint32_t quote_end = 0;
  // The claim's words, as the claim writes them (kChanged, kInflection,
  // kAdded); empty otherwise.
  std::string claim_words;
};

// "same", "inflection", "changed", "dropped", "added", "moved", "outside".
const char* DiffOpName(DiffOp::Kind kind);

// How a claim compares with one quote.
struct Comparison {
  // 0..1; 1 for the same words.
  double score = 0;
  Verdict verdict = Verdict::kNotFound;
  // The claim covers only part of the quote (an excerpt).
  bool excerpt = false;
  // The claim adds or drops a negation ("not", "never", "no", "n't").
  bool negation_differs = false;
  // Share (by weight) of the quote's words that lie in the covered part.
  double coverage = 0;
  std::vector<DiffOp> diff;
};

// Compares "claim" with "quote" (their texts).  Never fails: texts without
// common words compare as kNotFound with score 0 and an empty diff.
Comparison CompareClaim(std::string_view claim, std::string_view quote);

// As CompareClaim, on tokens already computed for the claim (verification
// compares one claim with many quotes).
Comparison CompareTokens(std::string_view claim,
                         const std::vector<SimilarityToken>& claim_tokens,
                         std::string_view quote);

// The quote's text with the differences marked in wdiff's notation:
// "[-dropped-]", "{+added+}", "[-quote's-]{+claim's+}" for changed words
// and other forms.  Everything else is the stored text as written.
std::string MarkedDiff(std::string_view quote, const std::vector<DiffOp>& diff);

}  // namespace quotes

#endif  // STORAGE_SIMILARITY_H_
