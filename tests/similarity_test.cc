// Copyright The Quote Tracker Authors.
//
// storage/similarity.h: tokens and contractions, light stems, index
// stems, verdicts and scores of claims against a quote, the word diff and
// its marked rendering.  Table-driven.

#include "storage/similarity.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "storage/normalize.h"
#include "tests/random.h"

namespace quotes {
namespace {

TEST(LightStem, MapsTheFormsOfAWordTogether) {
  const std::vector<std::vector<std::string>> groups = {
      {"close", "closed", "closes", "closing"},
      {"say", "said", "says", "saying"},
      {"stay", "stayed", "stays", "staying"},
      {"stop", "stopped", "stops", "stopping"},
      {"cut", "cuts", "cutting"},
      {"try", "tried", "tries"},
      {"study", "studies", "studied"},
      {"tax", "taxes", "taxed"},
      {"church", "churches"},
      {"agree", "agreed", "agrees"},
      {"need", "needed", "needs"},
      {"hope", "hoped", "hopes", "hoping"},
      {"discuss", "discussed", "discusses"},
      {"clinic", "clinics"},
      {"fill", "filled", "filling"},
      {"add", "added", "adding"},
      {"be", "is", "was", "were", "are", "been", "am"},
      {"have", "has", "had"},
      {"will", "would"},
      {"go", "went", "gone", "goes"},
      {"give", "gave", "given", "gives"},
      {"child", "children"},
  };
  for (const auto& group : groups) {
    for (const std::string& form : group) {
      EXPECT_EQ(LightStem(form), LightStem(group[0]))
          << form << " vs " << group[0];
    }
  }
}

TEST(LightStem, KeepsWordsThatOnlyLookInflected) {
  const struct {
    const char* word;
    const char* stem;
  } cases[] = {
      {"crisis", "crisis"}, {"status", "status"}, {"business", "business"},
      {"bring", "bring"},   {"thing", "thing"},   {"red", "red"},
      {"2.5", "2.5"},       {"1990s", "1990s"},   {"café", "café"},
  };
  for (const auto& c : cases) EXPECT_EQ(LightStem(c.word), c.stem) << c.word;
}

TEST(WordStem, OneContentWordGivesItsStem) {
  const struct {
    const char* word;
    const char* stem;  // "": no stem, the word is posted as itself
  } cases[] = {
      {"closed", "clos"},   {"closing", "clos"}, {"close", "clos"},
      {"talks", "talk"},    {"said", "say"},     {"macron's", "macron"},
      {"macron", "macron"}, {"john'll", "john"}, {"o'brien", "o'brien"},
      {"brien", "brien"},   {"2.5", "2.5"},      {"the", ""},
      {"will", ""},         {"never", ""},       {"not", ""},
      {"don't", ""},        {"cannot", ""},      {"we'll", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(WordStem(c.word), c.stem) << c.word;
  // Stems longer than the store indexes are none.
  EXPECT_EQ(WordStem(std::string(kMaxIndexedWordBytes + 1, 'k')), "");
  EXPECT_EQ(WordStem(std::string(kMaxIndexedWordBytes, 'k')),
            std::string(kMaxIndexedWordBytes, 'k'));
}

TEST(SimilarityTokens, SplitsAsTheStoreAndKeepsOffsets) {
  const std::string text =
      "\u201cWe won\u2019t shut Macron's 2.5 clinics\u201d";
  const std::vector<SimilarityToken> tokens = SimilarityTokens(text);
  std::vector<std::string> words;
  for (const SimilarityToken& t : tokens) words.push_back(t.word);
  EXPECT_EQ(words, (std::vector<std::string>{"we", "will", "not", "shut",
                                             "macron", "2.5", "clinics"}));
  // Both words of "won't" point at it.
  EXPECT_EQ(text.substr(tokens[1].start, tokens[1].end - tokens[1].start),
            "won\u2019t");
  EXPECT_EQ(tokens[1].start, tokens[2].start);
  EXPECT_EQ(text.substr(tokens[4].start, tokens[4].end - tokens[4].start),
            "Macron's");
  EXPECT_EQ(tokens[0].kind, SimilarityToken::Kind::kFunction);
  EXPECT_EQ(tokens[2].kind, SimilarityToken::Kind::kNegation);
  EXPECT_EQ(tokens[6].kind, SimilarityToken::Kind::kContent);
  EXPECT_EQ(tokens[6].stem, "clinic");
}

TEST(SimilarityTokens, ExpandsContractions) {
  const struct {
    const char* text;
    const char* words;
  } cases[] = {
      {"can't", "can not"},     {"cannot", "can not"},   {"isn't", "is not"},
      {"we'll", "we will"},     {"they're", "they are"}, {"I've", "i have"},
      {"I'm", "i am"},          {"she'd", "she would"},  {"it's", "it is"},
      {"let's", "let us"},      {"Ortiz's", "ortiz"},    {"O'Brien", "o'brien"},
      {"l'Europe", "l'europe"}, {"'quoted'", "quoted"},
  };
  for (const auto& c : cases) {
    std::string words;
    for (const SimilarityToken& t : SimilarityTokens(c.text)) {
      if (!words.empty()) words += ' ';
      words += t.word;
    }
    EXPECT_EQ(words, c.words) << c.text;
  }
}

TEST(SimilarityTokens, AcceptsAnyBytes) {
  const std::string bad = std::string("clinic\xff\xfe") + '\0' + "winter\xc3";
  std::vector<std::string> words;
  for (const SimilarityToken& t : SimilarityTokens(bad))
    words.push_back(t.word);
  EXPECT_EQ(words, (std::vector<std::string>{"clinic", "winter"}));
  EXPECT_TRUE(SimilarityTokens("").empty());
  EXPECT_TRUE(SimilarityTokens(" -- ... !").empty());
}

TEST(IndexStems, ContentStemsOnlySortedAndDistinct) {
  EXPECT_EQ(IndexStems("We will not close the clinics; clinics close."),
            (std::vector<std::string>{"clinic", "clos"}));
  EXPECT_TRUE(IndexStems("we will not be there").empty());
}

// The writer derives a quote's words and stems from its canonical key by
// splitting it at its spaces (WordsOfKey) instead of scanning it again.
// That holds only while the word scanner gives back its own output: these
// texts probe the places where it could not (apostrophes, digits joined by
// "." and ",", hyphens, case mappings, contractions, invalid bytes).
void ExpectKeyDerivationsAgree(const std::string& text) {
  const std::string key = CanonicalKey(text);
  std::vector<std::string> split;
  for (std::string_view w : WordsOfKey(key)) split.emplace_back(w);
  EXPECT_EQ(split, TokenizeWords(text)) << text;
  EXPECT_EQ(split, TokenizeWords(key)) << text;
  std::vector<std::string> searchable;
  for (std::string_view w : SearchableWordsOfKey(key)) {
    searchable.emplace_back(w);
  }
  EXPECT_EQ(searchable, SearchableWords(key)) << text;
  EXPECT_EQ(searchable, SearchableWords(text)) << text;
  // The store posts a quote under the WordStem of each searchable word of
  // its canonical key, and verification looks a claim up by the
  // IndexStems of its text: each of those must be among them.
  EXPECT_EQ(IndexStems(text), IndexStems(key)) << text;
  std::set<std::string> word_stems;
  for (const std::string& word : searchable) {
    const std::string stem = WordStem(word);
    if (!stem.empty()) word_stems.insert(stem);
  }
  for (const std::string& stem : IndexStems(text)) {
    EXPECT_EQ(word_stems.count(stem), 1u) << text << ": " << stem;
  }
}

TEST(KeyDerivations, AgreeWithScanningTheKeyAgain) {
  const char* const texts[] = {
      "",
      "The visit HELPED.",
      "\u201CWe won\u2019t back down,\u201D she said.",
      "Macron's l'Europe, rock'n'roll and the '90s",
      "2.5% of 10,000 people; 1.2.3 and 1.,2 and 2.a",
      "cannot can't won't shan't ain't it's let's they'll we're I'd I'm",
      "'tis ''double'' a''b x'",
      "well-known \u2010 co\u2011operate -- dash",
      "\u00C9LYS\u00C9E \u0130stanbul \u03A3\u039F\u03A6\u0399\u0391 "
      "\u041C\u041E\u0421\u041A\u0412\u0410 \u0178",
      "bad \xFF\xFE bytes over\xC0\xAFlong cut \xE2\x82",
      "\u4E2D\u6587 ok \u00AAb \u00B5m",
      "Said says saying was were children women studies",
  };
  for (const char* text : texts) ExpectKeyDerivationsAgree(text);
}

TEST(KeyDerivations, AgreeOnRandomText) {
  // Pieces chosen to meet each other in every order.
  const char* const pieces[] = {
      "a",      "Z",      "n",      "t",      "s",      "'",      "\u2019",
      "\u2018", "\u02BC", ".",      ",",      "1",      "9",      " ",
      "-",      "\u2010", "\u00C9", "\u0130", "\u03A3", "\u0414", "\u4E2D",
      "\xFF",   "\xC0",   "ll",     "re",     "said",   "was",    "cannot",
      "not",    "the",    "\u2014", "\u00D7"};
  testing_util::Random rng(20261130);
  for (int i = 0; i < 5000; ++i) {
    std::string text;
    const int n = static_cast<int>(rng.Uniform(24));
    for (int k = 0; k < n; ++k) {
      text += pieces[rng.Uniform(sizeof(pieces) / sizeof(pieces[0]))];
    }
    ExpectKeyDerivationsAgree(text);
    if (HasFailure()) break;
  }
}

constexpr char kQuote[] = "We will not close a single clinic this winter.";

// Claims against kQuote and what CompareClaim must say.
struct CompareCase {
  const char* claim;
  Verdict verdict;
  double min_score;
  double max_score;
  bool excerpt;
  bool negation_differs;
};

TEST(CompareClaim, Verdicts) {
  const CompareCase cases[] = {
      // The same words; case, punctuation and contractions aside.
      {"We will not close a single clinic this winter.", Verdict::kExact, 1, 1,
       false, false},
      {"we will NOT close a single clinic, this winter!", Verdict::kExact, 1, 1,
       false, false},
      {"We won't close a single clinic this winter", Verdict::kExact, 1, 1,
       false, false},
      // A verbatim part with enough words of its own.
      {"We will not close a single clinic", Verdict::kExact, 0.9, 1, true,
       false},
      // Dropped, replaced, added, reordered words and other tenses.
      {"We will not close a clinic this winter", Verdict::kCloseWording, 0.85,
       0.95, false, false},
      {"We will not close a single school this winter", Verdict::kCloseWording,
       0.8, 0.9, false, false},
      {"We would not close a single clinic that winter", Verdict::kCloseWording,
       0.9, 0.99, false, false},
      {"We will not be closing a single clinic this winter",
       Verdict::kCloseWording, 0.9, 0.99, false, false},
      {"This winter we will not close a single clinic", Verdict::kCloseWording,
       0.9, 0.99, false, false},
      {"Honestly, we will not close a single clinic this winter",
       Verdict::kCloseWording, 0.85, 0.95, false, false},
      // A dropped negation: close words, reversed meaning, said so.
      {"We will close a single clinic this winter", Verdict::kCloseWording,
       0.85, 0.95, false, true},
      // Too few words to stand for the quote.
      {"single clinic", Verdict::kParaphrase, 0.5, 0.9, true, false},
      // Half the words changed.
      {"The minister said no clinic would close this winter",
       Verdict::kParaphrase, 0.45, 0.75, false, false},
      // A phrase in place of the quote's: another statement.
      {"We will not close the old lighthouse museum this winter",
       Verdict::kParaphrase, 0.45, 0.85, false, false},
      // Nothing but function words, or nothing at all, in common.
      {"We will be there", Verdict::kNotFound, 0, 0, false, false},
      {"The harbour will be dredged in June", Verdict::kNotFound, 0, 0, false,
       false},
  };
  for (const CompareCase& c : cases) {
    const Comparison result = CompareClaim(c.claim, kQuote);
    EXPECT_EQ(result.verdict, c.verdict)
        << c.claim << ": " << VerdictName(result.verdict) << " "
        << result.score;
    EXPECT_GE(result.score, c.min_score) << c.claim;
    EXPECT_LE(result.score, c.max_score) << c.claim;
    if (c.verdict != Verdict::kNotFound) {
      EXPECT_EQ(result.excerpt, c.excerpt) << c.claim;
      EXPECT_EQ(result.negation_differs, c.negation_differs) << c.claim;
    }
  }
}

TEST(CompareClaim, ReorderedClausesCostLittle) {
  const std::string quote =
      "Families in the valley have been through enough. We will not close a "
      "single clinic this winter.";
  const Comparison result = CompareClaim(
      "We will not close a single clinic this winter; families in the valley "
      "have been through enough",
      quote);
  EXPECT_EQ(result.verdict, Verdict::kCloseWording);
  EXPECT_GE(result.score, 1 - kOrderWeight);
  bool moved = false;
  for (const DiffOp& op : result.diff) {
    moved = moved || op.kind == DiffOp::Kind::kMoved;
  }
  EXPECT_TRUE(moved);
}

// The diff as "kind:quote words:claim words" items.
std::vector<std::string> DiffItems(const std::string& quote,
                                   const Comparison& result) {
  std::vector<std::string> items;
  for (const DiffOp& op : result.diff) {
    items.push_back(
        std::string(DiffOpName(op.kind)) + ":" +
        quote.substr(op.quote_start, op.quote_end - op.quote_start) + ":" +
        op.claim_words);
  }
  return items;
}

TEST(CompareClaim, DiffAndMarkedText) {
  const struct {
    const char* claim;
    std::vector<std::string> items;
    const char* marked;
  } cases[] = {
      {"We will not close a single clinic this winter",
       {"same:We will not close a single clinic this winter:"},
       "We will not close a single clinic this winter."},
      {"We will not close a single school this winter",
       {"same:We will not close a single:", "changed:clinic:school",
        "same:this winter:"},
       "We will not close a single [-clinic-]{+school+} this winter."},
      {"We will not close a clinic this winter",
       {"same:We will not close a:", "dropped:single:",
        "same:clinic this winter:"},
       "We will not close a [-single-] clinic this winter."},
      {"We would not close a single clinic this winter",
       {"same:We:", "inflection:will:would",
        "same:not close a single clinic this winter:"},
       "We [-will-]{+would+} not close a single clinic this winter."},
      {"Honestly, we will not close a single clinic this winter, okay",
       {"added::Honestly",
        "same:We will not close a single clinic this winter:", "added::okay"},
       "{+Honestly+} We will not close a single clinic this winter {+okay+}."},
      {"We will not close a single clinic",
       {"same:We will not close a single clinic:", "outside:this winter:"},
       "We will not close a single clinic \u2026"},
  };
  for (const auto& c : cases) {
    const Comparison result = CompareClaim(c.claim, kQuote);
    EXPECT_EQ(DiffItems(kQuote, result), c.items) << c.claim;
    EXPECT_EQ(MarkedDiff(kQuote, result.diff), c.marked) << c.claim;
  }
}

TEST(CompareClaim, DiffRangesStayInsideTheQuote) {
  const std::string quote =
      "\u00abNous ne fermerons pas\u00bb, a-t-il dit. 2,5%";
  const char* claims[] = {"nous fermerons", "il a dit 2,5", "pas pas pas",
                          "x y z nous", ""};
  for (const char* claim : claims) {
    const Comparison result = CompareClaim(claim, quote);
    for (const DiffOp& op : result.diff) {
      EXPECT_LE(op.quote_start, op.quote_end) << claim;
      EXPECT_LE(op.quote_end, quote.size()) << claim;
    }
    MarkedDiff(quote, result.diff);  // must not crash
  }
}

TEST(Verdict, Names) {
  EXPECT_STREQ(VerdictName(Verdict::kCloseWording), "close_wording");
  EXPECT_STREQ(VerdictText(Verdict::kParaphrase), "paraphrase-like overlap");
  EXPECT_STREQ(VerdictName(Verdict::kNotFound), "not_found");
  EXPECT_STREQ(DiffOpName(DiffOp::Kind::kInflection), "inflection");
}

}  // namespace
}  // namespace quotes
