// Copyright The Quote Tracker Authors.
//
// Tokenizer: quotation pairing, sentence ends and abbreviations,
// paragraphs, and the offset invariants that must hold for any bytes.

#include "quotes/tokenizer.h"

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <cstring>
#include <deque>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "quotes/catalogue.pb.h"
#include "quotes/lexicon.h"
#include "quotes/swar.h"
#include "quotes/tags.h"
#include "tests/engine_test_util.h"

namespace quotes {
namespace {

// The texts of the token, quotation and paragraph records, with their
// invariants checked on the way: every range lies inside the text, tokens
// come in order and do not overlap, a quotation token spans its marks and
// a quotation's content lies inside them.
void CheckInvariants(const std::string& text, const TokenizedText& tt) {
  const uint32_t size = static_cast<uint32_t>(text.size());
  ASSERT_EQ(tt.tags.size(), tt.tokens.size()) << text;
  for (size_t i = 0; i < tt.tokens.size(); ++i) {
    const Token& t = tt.tokens[i];
    ASSERT_LE(t.start, t.end) << "token " << i << " of: " << text;
    ASSERT_LE(t.end, size) << "token " << i << " of: " << text;
    if (i > 0) {
      ASSERT_LE(tt.tokens[i - 1].end, t.start)
          << "token " << i << " of: " << text;
    }
    if (tt.tags[i] == tag::kQuotation || tt.tags[i] == tag::kPhrase) {
      ASSERT_LT(t.aux, tt.quotations.size()) << text;
      const Quotation& q = tt.quotations[t.aux];
      EXPECT_EQ(t.start, q.open) << text;
      EXPECT_EQ(t.end, q.close) << text;
    }
  }
  for (const Quotation& q : tt.quotations) {
    EXPECT_LE(q.open, q.content_start) << text;
    EXPECT_LE(q.content_start, q.content_end) << text;
    EXPECT_LE(q.content_end, q.close) << text;
    EXPECT_LE(q.close, size) << text;
    ASSERT_LT(q.paragraph, tt.paragraphs.size()) << text;
    EXPECT_GE(q.open, tt.paragraphs[q.paragraph].start) << text;
    EXPECT_LE(q.close, tt.paragraphs[q.paragraph].end) << text;
  }
  for (size_t p = 0; p < tt.paragraphs.size(); ++p) {
    const Paragraph& para = tt.paragraphs[p];
    EXPECT_LE(para.start, para.end) << text;
    EXPECT_LE(para.end, size) << text;
    if (p > 0) {
      EXPECT_LE(tt.paragraphs[p - 1].end, para.start) << text;
    }
    EXPECT_LE(para.first_token, para.end_token) << text;
    EXPECT_LE(para.end_token, tt.tokens.size()) << text;
  }
  for (size_t s = 1; s < tt.sentence_starts.size(); ++s) {
    EXPECT_LT(tt.sentence_starts[s - 1], tt.sentence_starts[s]) << text;
  }
}

class TokenizerTest : public testing::Test {
 protected:
  void SetUp() override {
    std::string text;
    const Status s = engine_test::ReadFile(
        engine_test::RunfilePath("quotes/lexicon.textproto"), &text);
    ASSERT_TRUE(s.ok()) << s.ToString();
    LexiconProto proto;
    ASSERT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &proto));
    const Status c = Lexicon::Create(proto, &lexicon_);
    ASSERT_TRUE(c.ok()) << c.ToString();
    tokenizer_ = std::make_unique<Tokenizer>(lexicon_.get(), nullptr);
  }

  // The result views a copy of "text" that lives as long as the test.
  const TokenizedText& Tokenize(const std::string& text) {
    texts_.push_back(text);
    results_.emplace_back();
    tokenizer_->Tokenize(texts_.back(), &results_.back());
    CheckInvariants(texts_.back(), results_.back());
    return results_.back();
  }

  std::deque<std::string> texts_;
  std::deque<TokenizedText> results_;
  std::unique_ptr<Lexicon> lexicon_;
  std::unique_ptr<Tokenizer> tokenizer_;
};

// "kinds" has a letter per quotation: c closed, u unclosed (runs to the
// paragraph end), s a closed single-quoted one.
struct QuotationCase {
  const char* text;
  std::vector<std::string> contents;
  const char* kinds;
};

const QuotationCase kQuotationCases[] = {
    {"\"The pier will open in May,\" Brandt said.",
     {"The pier will open in May,"},
     "c"},
    {"\xE2\x80\x9CThe pier will open in May,\xE2\x80\x9D Brandt said.",
     {"The pier will open in May,"},
     "c"},
    {"\xC2\xABThe pier will open in May\xC2\xBB, Brandt said.",
     {"The pier will open in May"},
     "c"},
    {"''The pier will open in May,'' Brandt said.",
     {"The pier will open in May,"},
     "c"},
    {"``The pier will open in May,'' Brandt said.",
     {"The pier will open in May,"},
     "c"},
    // Two curly single marks stand for a double one (regression: the
    // closing pair was read as two single marks, and the quotation ran on
    // to the paragraph's end).
    {"\xE2\x80\x9CThe pier will open in May,\xE2\x80\x99\xE2\x80\x99 "
     "Brandt said.",
     {"The pier will open in May,"},
     "c"},
    {"\xE2\x80\x98\xE2\x80\x98The pier will open in "
     "May,\xE2\x80\x99\xE2\x80\x99 Brandt said.",
     {"The pier will open in May,"},
     "c"},
    {"Brandt said 'the pier will open in May' on Monday.",
     {"the pier will open in May"},
     "s"},
    {"Brandt said \xE2\x80\x98the pier will open in May\xE2\x80\x99 on Monday.",
     {"the pier will open in May"},
     "s"},
    // Apostrophes: elision, plural possessive, clipped year, curly.
    {"Brandt's crew didn't finish the players' stand, a relic of the '90s.",
     {},
     ""},
    {"Brandt\xE2\x80\x99s crew didn\xE2\x80\x99t finish the stand.", {}, ""},
    // A single word in single quotes is emphasis, not a quotation.
    {"The so-called 'reform' failed again.", {}, ""},
    {"\"Rock 'n' roll never left this town,\" Duarte said.",
     {"Rock 'n' roll never left this town,"},
     "c"},
    // Single quotes inside a double quotation belong to it.
    {"\"He told me 'the pier will open in May' and left,\" Marek said.",
     {"He told me 'the pier will open in May' and left,"},
     "c"},
    {"\"Two,\" she said. \"Three quotations,\" he said, \"in one line.\"",
     {"Two,", "Three quotations,", "in one line."},
     "ccc"},
    {"'We don't know yet,' he said.", {"We don't know yet,"}, "s"},
    {"The players' coach said 'we will win this one' today.",
     {"we will win this one"},
     "s"},
    {"It was the '90s and 'we were young then,' she said.",
     {"we were young then,"},
     "s"},
    {"\"He told me 'no way,'\" she said.", {"He told me 'no way,'"}, "c"},
    {"\xC2\xBBWe are ready\xC2\xAB, Brandt said.", {"We are ready"}, "c"},
    {"\xE2\x80\x9EWe are ready\xE2\x80\x9C, Brandt said.",
     {"We are ready"},
     "c"},
    // An unclosed quotation ends with its paragraph.
    {"\"The pier will open in May, Brandt said.",
     {"The pier will open in May, Brandt said."},
     "u"},
    {"\"The pier will open.\n\nBrandt said \"we are ready now\" today.",
     {"The pier will open.", "we are ready now"},
     "uc"},
    // A quotation over several paragraphs: only the last one closes.
    {"\"We waited ten years.\n\n\"We waited for the money.\n\n\"Now we will "
     "build it,\" Brandt said.",
     {"We waited ten years.", "We waited for the money.",
      "Now we will build it,"},
     "uuc"},
};

TEST_F(TokenizerTest, PairsQuotationMarks) {
  for (const QuotationCase& c : kQuotationCases) {
    const std::string text = c.text;
    const TokenizedText& tt = Tokenize(text);
    std::vector<std::string> contents;
    std::string kinds;
    for (const Quotation& q : tt.quotations) {
      contents.push_back(
          text.substr(q.content_start, q.content_end - q.content_start));
      kinds.push_back(q.single ? 's' : q.closed ? 'c' : 'u');
    }
    EXPECT_EQ(contents, c.contents) << c.text;
    EXPECT_EQ(kinds, c.kinds) << c.text;
  }
}

// FindQuotations is Tokenize's first stage on its own (for extract_bench):
// the same spans, with the same sentence ends and word counts.
TEST_F(TokenizerTest, FindQuotationsGivesTokenizesQuotations) {
  for (const QuotationCase& c : kQuotationCases) {
    const TokenizedText& tt = Tokenize(c.text);
    std::vector<Quotation> found;
    tokenizer_->FindQuotations(texts_.back(), &found);
    ASSERT_EQ(found.size(), tt.quotations.size()) << c.text;
    for (size_t i = 0; i < found.size(); ++i) {
      const Quotation& a = found[i];
      const Quotation& b = tt.quotations[i];
      EXPECT_EQ(a.open, b.open) << c.text;
      EXPECT_EQ(a.content_start, b.content_start) << c.text;
      EXPECT_EQ(a.content_end, b.content_end) << c.text;
      EXPECT_EQ(a.close, b.close) << c.text;
      EXPECT_EQ(a.paragraph, b.paragraph) << c.text;
      EXPECT_EQ(a.closed, b.closed) << c.text;
      EXPECT_EQ(a.single, b.single) << c.text;
      EXPECT_EQ(a.words, b.words) << c.text;
      EXPECT_EQ(a.ends_sentence, b.ends_sentence) << c.text;
      EXPECT_EQ(a.ends_with_comma, b.ends_with_comma) << c.text;
    }
  }
}

TEST_F(TokenizerTest, QuotationIsOneToken) {
  const std::string text = "\"We are ready,\" Brandt said.";
  const TokenizedText& tt = Tokenize(text);
  ASSERT_EQ(tt.quotations.size(), 1u);
  ASSERT_GE(tt.tokens.size(), 2u);
  EXPECT_TRUE(tag::IsQuotation(tt.tags[1])) << tt.tags;
  EXPECT_EQ(tt.TokenText(1), "\"We are ready,\"");
  EXPECT_EQ(tt.TokenText(2), "Brandt");
}

struct SentenceCase {
  const char* text;
  int sentence_ends;                   // "." tags
  std::vector<std::string> one_token;  // words that must stay whole
};

const SentenceCase kSentenceCases[] = {
    {"Mr. Brandt met Dr. Marek on Friday.", 1, {"Mr.", "Dr."}},
    {"Brandt met U.S. officials on Friday.", 1, {}},
    {"The talks began at 9 a.m. on Friday.", 1, {"a.m."}},
    {"J. R. Brandt chaired the meeting.", 1, {"J.", "R."}},
    {"Prices rose 3.5 percent, or 1,200 euros.", 1, {"3.5", "1,200"}},
    {"Mrs. Lind lives on Harbour St. near the pier.", 1, {"Mrs.", "St."}},
    // An abbreviation before a capitalised function word ends a sentence.
    {"The ferry left at 9 a.m. The pier was empty.", 2, {"a.m."}},
    {"It rained. Then it stopped! Did it? Yes.", 4, {}},
    {"He waited... The ferry never came.", 2, {}},
    {"The vote is on Friday. \"We are ready,\" Brandt said.", 2, {}},
    // Regression: an abbreviation or a number with its stop before a
    // quotation that opens with a capital ends the sentence; a short
    // phrase in quotation marks does not.
    {"The pier opened in the U.S. \"We are ready,\" Brandt said.", 2, {"U.S."}},
    {"Tickets cost 4.99. \"We are ready,\" Brandt said.", 2, {}},
    {"He praised the U.S. \"Harbour Act\" on Friday.", 1, {"U.S."}},
    // Regression: a genitive after the abbreviation left it pending.
    {"He praised the U.S.'s \"Harbour Plan for the Whole Coast\" on "
     "Friday.",
     1,
     {"U.S."}},
    // No stop before a lower-case word.
    {"The count was 3. or so, he said.", 1, {}},
};

TEST_F(TokenizerTest, EndsSentencesButNotAbbreviations) {
  for (const SentenceCase& c : kSentenceCases) {
    const TokenizedText& tt = Tokenize(c.text);
    int ends = 0;
    for (char t : tt.tags) ends += t == tag::kSentenceEnd;
    EXPECT_EQ(ends, c.sentence_ends) << c.text << "\ntags: " << tt.tags;
    for (const std::string& word : c.one_token) {
      bool found = false;
      for (size_t i = 0; i < tt.tokens.size(); ++i) {
        found |= tt.TokenText(i) == word;
      }
      EXPECT_TRUE(found) << "\"" << word << "\" split in: " << c.text;
    }
  }
}

// Words whose tag depends on their neighbours: a cue word that modifies a
// role is no cue, a sentence-opening word before a role or a speech verb
// belongs to the speaker.  "tags" is the whole tag string.
struct ContextTagCase {
  const char* text;
  const char* tags;
};

const ContextTagCase kContextTagCases[] = {
    // A cue after a form of "be" is a passive participle, a plain word
    // (adverbs in -ly or "also" between); not after an adverb that ends a
    // relative clause, and not "quoted", "worried", "convinced".
    {"The tax was announced on Friday.", "/Dwrwyt."},
    {"They're said to be furious.", "/Prwprw."},
    {"The pier was also widely reported unsafe.", "/Dwryyww."},
    {"People who were there said the pier was unsafe.", "/TWryVDwrw."},
    {"Kovac was quoted as saying the pier was unsafe.", "/NrUsIDwrw."},
    {"Kovac is worried that the pier is unsafe.", "/NrUhDwrw."},
    // "State" is the base form of a cue verb; before a role it modifies it.
    {"State officials said the pier was safe.", "/NTVDwrw."},
    {"The state department said the pier was safe.", "/DwOVDwrw."},
    {"State inspectors said the pier was safe.", "/NwVDwrw."},
    // After a subject, a pronoun or an auxiliary it stays a verb.
    {"The Tories say officials lied.", "/DNBTw."},
    {"They will tell officials the truth.", "/PrBTDw."},
    // "press" modifies roles wherever it stands (lexicon: modifies_roles).
    {"White House press secretary Ana Ortiz spoke.", "/NNwTNNw."},
    // After a quantifier that stands alone a base form stays a verb.
    {"Some say the pier is safe.", "/DBDwrw."},
    {"The report is long.", "/DCry."},
    // A cue noun before a plural plain word is the subject of a verb.
    {"The letter makes a case.", "/DCwDw."},
    // Role modifiers and names that are plain words elsewhere.
    {"Former Secretary Ana Ortiz spoke.", "/TTNNw."},
    {"Bradley apologized for the delay.", "/NUpDw."},
    // A cue word in -s after a number is a noun; a base form is a verb.
    {"Marek scored 3 points.", "/Nwnw."},
    {"Four in 10 say the pier is safe.", "/npnBDwrw."},
    // A finite cue form after an article or a possessive is a noun or an
    // adjective; after 's only in -s, for "he's proposed" is "has".
    {"The claims were false.", "/Dwrw."},
    {"The proposed pier opened.", "/Dwww."},
    {"A proposed pier opened.", "/Dwww."},
    {"The mayor's claims were false.", "/DT'wrw."},
    {"His claims were false.", "/Gwrw."},
    {"He's proposed a pier.", "/P'MDw."},
    // "her" may be an object: the verb stays one.
    {"A lawyer for her says so.", "/DTpGVy."},
    // Months are times, never names; "May" after a preposition or a number
    // is the month, after a name or elsewhere it may be a name.
    {"The pier opened in July.", "/Dwwpt."},
    {"The pier opened in May.", "/Dwwpt."},
    {"Theresa May opened the pier.", "/NNwDw."},
    // A number joined to a word is a modifier or a noun, not a time.
    {"The 31-year-old won in 2004.", "/Dwwpn."},
    // Times and counts have tags of their own; a day's number and a year
    // beside a month are part of the date, and a number after a weekday a
    // count.
    {"Brandt said Friday 12 people were hurt.", "/NVtnTrw."},
    {"Brandt said on June 19 the pier was shut.",
     "/NVytt"
     "Dwrw."},
    {"The pier shut on 5 May.", "/Dwwytt."},
    {"The pier shut on 5th March 2004.", "/Dwwyttt."},
    // A span before "ago" is a time; a number after a name is part of it
    // before what ends a name, and a count before a noun.
    {"Kovac said 10 days ago that it was safe.", "/NVttthPrw."},
    {"Ortiz told Radio 4 that it was safe.", "/NKNNhPrw."},
    {"Ortiz told Reuters 12 workers were hurt.", "/NKNnTrw."},
    // "there" before an auxiliary is a subject, tagged as a quantifier
    // standing alone; after a noun a place, unless the noun is addressed.
    // Regression: as an adverb an adjunct took it ("said there was" gave
    // "was ...") or an addressee did ("warned there is").
    {"Ortiz said there was no risk.", "/NVDrDw."},
    {"There was no risk, Ortiz said.", "/DrDw,NV."},
    {"Ortiz told reporters there was no risk.", "/NKwDrDw."},
    {"Officials there have said so.", "/TyrVy."},
};

TEST_F(TokenizerTest, TagsDependOnNeighbours) {
  for (const ContextTagCase& c : kContextTagCases) {
    EXPECT_EQ(Tokenize(c.text).tags, c.tags) << c.text;
  }
}

TEST(LooksPlural, RegularAndIrregularPluralsOnly) {
  const struct {
    const char* word;
    bool plural;
  } kCases[] = {
      {"operatives", true}, {"Groups", true},    {"women", true},
      {"fishermen", true},  {"children", true},  {"news", false},
      {"business", false},  {"status", false},   {"this", false},
      {"bus", false},       {"official", false}, {"men", true},
      {"NEWS", false},      {"CHILDREN", true},  {"SpokesMEN", true},
      {"BUS", false},       {"Ms", false},       {"", false},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(LooksPlural(c.word), c.plural) << c.word;
  }
}

TEST(EqualsLowerAscii, IgnoresTheCaseOfAsciiLettersOnly) {
  const struct {
    const char* word;
    const char* lower;
    bool equal;
  } kCases[] = {
      {"those", "those", true},
      {"Those", "those", true},
      {"THOSE", "those", true},
      {"thos", "those", false},
      {"those.", "those", false},
      {"", "", true},
      {"\xC3\x89t\xC3\xA9", "\xC3\xA9t\xC3\xA9", false},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(EqualsLowerAscii(c.word, c.lower), c.equal) << c.word;
  }
}

TEST_F(TokenizerTest, SentenceOfEachTokenFollowsSentenceStarts) {
  const TokenizedText tt =
      Tokenize("Brandt spoke. Marek left!\n\nThe vote is on Friday.");
  ASSERT_FALSE(tt.sentence_starts.empty());
  for (size_t i = 0; i < tt.tokens.size(); ++i) {
    const uint32_t s = tt.tokens[i].sentence;
    ASSERT_LT(s, tt.sentence_starts.size());
    EXPECT_LE(tt.sentence_starts[s], i);
    if (s + 1 < tt.sentence_starts.size()) {
      EXPECT_LT(i, tt.sentence_starts[s + 1]);
    }
  }
}

// Regression: a run-on sentence was one sentence however long, and the
// rules' scans of it cost its length once a match, so 40,000 clauses of
// "..., Ames said, and ..." took minutes.  It is cut after a comma,
// semicolon, colon or dash once it is kLongSentence tokens long, and
// anywhere at kMaxSentence, with an empty stop; the word after a cut is
// not read as opening a sentence.
struct RunOnCase {
  const char* label;
  std::string clause;  // repeated to make the text
  int repeats;
  std::string cut_after;  // the tags a cut may follow
};

const RunOnCase kRunOnCases[] = {
    {"clauses", "the plan would help farmers, Brandt said, and ", 200, ",;:-"},
    {"semicolons", "Brandt said the plan would help farmers; ", 200, ",;:-"},
    {"no stops", "the plan would help farmers as Brandt said ", 200, ""},
};

TEST_F(TokenizerTest, CutsRunOnSentences) {
  for (const RunOnCase& c : kRunOnCases) {
    std::string text = "Talks began on Monday. ";
    for (int i = 0; i < c.repeats; ++i) text += c.clause;
    text += "Talks ended.";
    const TokenizedText& tt = Tokenize(text);
    ASSERT_GT(tt.sentence_starts.size(), 4u) << c.label;
    for (size_t s = 0; s < tt.sentence_starts.size(); ++s) {
      const uint32_t begin = tt.sentence_starts[s];
      const uint32_t end = tt.SentenceEnd(s);
      EXPECT_LE(end - begin, Tokenizer::kMaxSentence + 1)
          << c.label << ": sentence " << s;
      const size_t last = end - 1;
      if (tt.tokens[last].start != tt.tokens[last].end) continue;  // real
      // An empty stop ends a cut: after a soft stop and kLongSentence
      // tokens, or anywhere at kMaxSentence.
      ASSERT_EQ(tt.tags[last], tag::kSentenceEnd) << c.label;
      const size_t length = last - begin;
      const bool soft =
          std::string(c.cut_after).find(tt.tags[last - 1]) != std::string::npos;
      EXPECT_TRUE((soft && length >= Tokenizer::kLongSentence &&
                   length < Tokenizer::kMaxSentence) ||
                  length == Tokenizer::kMaxSentence)
          << c.label << ": cut after " << length << " tokens, tag "
          << tt.tags[last - 1];
      if (end < tt.tokens.size() && tt.TokenText(end) == "Brandt") {
        EXPECT_FALSE(tt.tokens[end].flags & Token::kSentenceInitial) << c.label;
      }
    }
  }
}

TEST_F(TokenizerTest, LeavesSentencesUnderTheLimitWhole) {
  std::string text;
  for (size_t i = 0; i + 2 < Tokenizer::kLongSentence / 2; ++i) {
    text += "farmers, ";
  }
  text += "Brandt said.";
  const TokenizedText& tt = Tokenize(text);
  EXPECT_EQ(tt.sentence_starts.size(), 1u) << tt.tags;
}

struct ParagraphCase {
  const char* text;
  std::vector<std::string> paragraphs;
};

const ParagraphCase kParagraphCases[] = {
    // A text with no blank line has a paragraph a line.
    {"One line.\nTwo lines.", {"One line.", "Two lines."}},
    // With blank lines, single newlines stay inside a paragraph.
    {"First para\nstill first.\n\nSecond.",
     {"First para\nstill first.", "Second."}},
    {"One.\r\n\r\nTwo.\r\nStill two.", {"One.", "Two.\r\nStill two."}},
    {"One.\r\rTwo.", {"One.", "Two."}},
    {"One.\rTwo.", {"One.", "Two."}},
    {"One.\n \t\nTwo.", {"One.", "Two."}},
    {"One.\n\n\n\nTwo.", {"One.", "Two."}},
    {"\n\nOne.\n\n", {"One."}},
    {"", {}},
    {"\n\n\n", {}},
};

TEST_F(TokenizerTest, SplitsParagraphsOnBlankLines) {
  for (const ParagraphCase& c : kParagraphCases) {
    const std::string text = c.text;
    const TokenizedText& tt = Tokenize(text);
    std::vector<std::string> paragraphs;
    for (const Paragraph& p : tt.paragraphs) {
      paragraphs.push_back(text.substr(p.start, p.end - p.start));
      ASSERT_LT(p.first_token, tt.tags.size()) << c.text;
      EXPECT_EQ(tt.tags[p.first_token], tag::kParagraph) << c.text;
    }
    EXPECT_EQ(paragraphs, c.paragraphs) << c.text;
  }
}

// Bytes that are not plain text must neither crash the tokenizer nor move
// the offsets of the words around them.
struct OddBytesCase {
  const char* what;
  std::string bytes;
};

const OddBytesCase kOddBytesCases[] = {
    {"invalid bytes", "\xFF\xFE"},
    {"truncated sequence", "\xC3"},
    {"truncated at a word", "ab\xE2\x80"},
    {"overlong slash", "\xC0\xAF"},
    {"encoded surrogate", "\xED\xA0\x80"},
    {"continuation bytes alone", "\x80\x81\x82"},
    {"NUL", std::string("\0", 1)},
    {"NUL inside a word", std::string("ab\0cd", 5)},
    {"combining accent", "Cafe\xCC\x81"},
    {"right-to-left mark and Hebrew", "\xE2\x80\x8F\xD7\xA9\xD7\x9C\xD7\x95"},
    {"right-to-left override",
     "\xE2\x80\xAE"
     "abc"
     "\xE2\x80\xAC"},
    {"Arabic", "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7"},
    {"byte order mark", "\xEF\xBB\xBF"},
};

TEST_F(TokenizerTest, OddBytesNeverShiftOffsets) {
  for (const OddBytesCase& c : kOddBytesCases) {
    const std::string text =
        "Brandt " + c.bytes + " said the pier would open in May.";
    const TokenizedText& tt = Tokenize(text);
    const size_t said = text.find(" said ") + 1;
    bool found = false;
    for (size_t i = 0; i < tt.tokens.size(); ++i) {
      if (tt.TokenText(i) == "said") {
        found = true;
        EXPECT_EQ(tt.tokens[i].start, said) << c.what;
      }
    }
    EXPECT_TRUE(found) << c.what << "\ntags: " << tt.tags;
    ASSERT_GE(tt.tokens.size(), 2u) << c.what;
    EXPECT_EQ(tt.TokenText(1), "Brandt") << c.what;
    // The bytes alone, at the start and at the end of the text.
    Tokenize(c.bytes);
    Tokenize(c.bytes + "\n\n" + c.bytes);
    Tokenize("\"" + c.bytes + "\"");
  }
}

TEST_F(TokenizerTest, InvalidBytesAreSingleSymbols) {
  const std::string text = "Brandt \xFF\xFE\xC3 said \x80it.";
  const TokenizedText& tt = Tokenize(text);
  for (const size_t at : {7, 8, 9, 16}) {
    bool found = false;
    for (size_t i = 0; i < tt.tokens.size(); ++i) {
      if (tt.tokens[i].start != at) continue;
      found = true;
      EXPECT_EQ(tt.tokens[i].end, at + 1) << "byte " << at;
      EXPECT_EQ(tt.tags[i], tag::kSymbol) << "byte " << at;
    }
    EXPECT_TRUE(found) << "no token at byte " << at << ", tags " << tt.tags;
  }
}

TEST_F(TokenizerTest, OffsetsStayInsideTheTextForOddInputs) {
  const std::string inputs[] = {
      "",
      "\"",
      "'",
      "''",
      "\"\"",
      "\xE2\x80\x9C",
      "\xE2",
      "\xE2\x80",
      "\"\n\n\"",
      "'a b",
      "a b'",
      "...",
      "Mr.",
      "U.S.",
      "a.",
      "\r",
      "\r\n",
      "\n\r",
      " \t ",
      "\"\"\"\"\"",
      "\"a \"b \"c \"d",
      "\xC2\xAB\xC2\xAB\xC2\xBB",
      "((((",
      "n't",
      "'s",
      "-- -- --",
      "\"Unclosed at the end,",
      std::string(1000, '"'),
      std::string(1000, '\''),
      std::string(1000, '.'),
  };
  for (const std::string& text : inputs) Tokenize(text);
}

struct DatelineCase {
  const char* text;
  const char* rest;  // the text after the dateline; all of it when none
};

const DatelineCase kDatelineCases[] = {
    {"EASTHOLM \xe2\x80\x94 Mayor Kovac spoke.", "Mayor Kovac spoke."},
    {"EASTHOLM (AP) \xe2\x80\x94 Mayor Kovac spoke.", "Mayor Kovac spoke."},
    {"NEW EASTHOLM, N.S. - Mayor Kovac spoke.", "Mayor Kovac spoke."},
    {"EASTHOLM, Dec. 8 (Harbour Wire) -- Mayor Kovac spoke.",
     "Mayor Kovac spoke."},
    {"ST. JOHN'S \xe2\x80\x93 \"We are ready,\" Kovac said.",
     "\"We are ready,\" Kovac said."},
    {"HARBOUR SPOTLIGHT - The pier reopens.", "The pier reopens."},
    // Not a dateline: no dash between spaces, a lower-case word after it,
    // a lower-case place, a single capital, a line break.
    {"EASTHOLM-based ferries sail on.", "EASTHOLM-based ferries sail on."},
    {"NATO \xe2\x80\x94 the alliance \xe2\x80\x94 met.",
     "NATO \xe2\x80\x94 the alliance \xe2\x80\x94 met."},
    {"Eastholm \xe2\x80\x94 Mayor Kovac spoke.",
     "Eastholm \xe2\x80\x94 Mayor Kovac spoke."},
    {"A - B", "A - B"},
    {"EASTHOLM, N.S.\n- Mayor Kovac spoke.",
     "EASTHOLM, N.S.\n- Mayor Kovac spoke."},
    {"EASTHOLM", "EASTHOLM"},
    {"", ""},
    // Regression: two capitals opened a dateline ("US - China"), and so
    // did lower-case words after a comma; a quotation mark in the region
    // was skipped with it.
    {"US - China talks resumed.", "US - China talks resumed."},
    {"OK, we will see - Brandt said it.", "OK, we will see - Brandt said it."},
    {"EASTHOLM, 'Harbour' - The mayor spoke.",
     "EASTHOLM, 'Harbour' - The mayor spoke."},
    // Past 80 bytes it is no dateline.
    {"EASTHOLM, N.S. 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 "
     "22 23 - Mayor Kovac spoke.",
     "EASTHOLM, N.S. 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 "
     "22 23 - Mayor Kovac spoke."},
};

TEST(TokenizerInternal, DatelineEndsBeforeTheFirstSentence) {
  for (const DatelineCase& c : kDatelineCases) {
    const std::string_view text(c.text);
    const size_t at = tokenizer_internal::DatelineEnd(text, 0, text.size());
    EXPECT_EQ(text.substr(at), c.rest) << c.text;
    // The same paragraph later in a text, and cut short at every length.
    const std::string later = std::string("Before.\n\n") + c.text;
    const size_t start = later.size() - text.size();
    EXPECT_EQ(tokenizer_internal::DatelineEnd(later, start, later.size()),
              start + at)
        << c.text;
    for (size_t n = 0; n < text.size(); ++n) {
      EXPECT_LE(tokenizer_internal::DatelineEnd(text.substr(0, n), 0, n), n);
    }
  }
}

// Regression: a quotation opening inside a dateline was never emitted, nor
// any after it in the paragraph.
TEST_F(TokenizerTest, QuotationsAfterASkippedDatelineStay) {
  const TokenizedText& tt = Tokenize(
      "EASTHOLM, 'We are ready' - The mayor spoke. \"We will win,\" "
      "Kovac said.");
  int quotations = 0;
  for (char t : tt.tags) quotations += tag::IsQuotation(t);
  EXPECT_EQ(quotations, 2) << tt.tags;
}

// Regression: the sentence end before a quotation read the character after
// a lone opening mark at the very end of the text, past its last byte.
// The texts are copied to buffers of their exact size, so that the
// address sanitizer sees any such read.
TEST_F(TokenizerTest, ReadsNothingPastTheText) {
  const char* const texts[] = {
      "Tickets cost 4.99. \"",
      "It opened in the U.S. \xE2\x80\x9C",
      "EASTHOLM - ",
      "EASTHOLM \xE2\x80",
      "Kovac praised the U.S.'s \"",
  };
  for (const char* text : texts) {
    const size_t n = std::strlen(text);
    std::unique_ptr<char[]> exact(new char[n]);
    std::memcpy(exact.get(), text, n);
    TokenizedText tt;
    tokenizer_->Tokenize(std::string_view(exact.get(), n), &tt);
    for (const Token& t : tt.tokens) EXPECT_LE(t.end, n) << text;
  }
}

TEST_F(TokenizerTest, DatelineIsNoToken) {
  const TokenizedText& tt =
      Tokenize("EASTHOLM (AP) \xe2\x80\x94 Mayor Kovac defended the plan.");
  ASSERT_GE(tt.tokens.size(), 2u);
  EXPECT_EQ(tt.TokenText(1), "Mayor") << tt.tags;
}

// The eight-bytes-at-a-time loops give what their byte loops give (and
// swar::LowerAsciiInPlace what a byte loop gives), for every length and
// alignment, with marks, curly apostrophes, lone lead bytes, capitals and
// other bytes placed at random.
TEST(TokenizerInternal, WordAtATimeLoopsMatchTheirByteLoops) {
  std::mt19937 rng(7);
  // Letters first: most bytes are drawn from them, as in words.  Then the
  // bytes next to the letters' and digits' ranges, marks, curly marks and
  // their lone lead bytes, and other non-ASCII bytes.
  const std::string pieces[] = {"a",
                                "Z",
                                "q",
                                "M",
                                "5",
                                "@",
                                "[",
                                "`",
                                "{",
                                "/",
                                ":",
                                "0",
                                "9",
                                "A",
                                "z",
                                "\"",
                                "'",
                                " ",
                                "\x7F",
                                "\x80",
                                "\xFF",
                                "\xE2\x80\x99",
                                "\xE2\x80\x9C",
                                "\xC2\xAB",
                                "\xE2",
                                "\xC2",
                                "\xC3\xA9"};
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int n = static_cast<int>(rng() % 70);
    for (int k = 0; k < n; ++k) {
      // Mostly letters, as in words.
      text += (rng() % 3 != 0) ? pieces[rng() % 5]
                               : pieces[rng() % std::size(pieces)];
    }
    for (size_t i = 0; i <= text.size(); ++i) {
      ASSERT_EQ(tokenizer_internal::NextMarkLead(text, i, text.size()),
                tokenizer_internal::NextMarkLeadSlow(text, i, text.size()))
          << "at " << i << " in " << text;
      ASSERT_EQ(
          tokenizer_internal::SkipAsciiWordBytes(text, i, text.size()),
          tokenizer_internal::SkipAsciiWordBytesSlow(text, i, text.size()))
          << "at " << i << " in " << text;
    }
    std::string lowered = text;
    swar::LowerAsciiInPlace(lowered.data(), lowered.size());
    std::string expected = text;
    for (char& c : expected) {
      if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
    }
    ASSERT_EQ(lowered, expected);
    // The lexicon's buffer size, and others: neither may write past "cap".
    const size_t cap = (round % 2 == 0) ? Lexicon::kMaxPadded : 9 + rng() % 60;
    char fast[Lexicon::kMaxPadded + 16];
    char slow[Lexicon::kMaxPadded + 16];
    std::memset(fast, 1, sizeof(fast));
    std::memset(slow, 2, sizeof(slow));
    const size_t a = tokenizer_internal::Fold(text, fast, cap);
    const size_t b = tokenizer_internal::FoldSlow(text, slow, cap);
    ASSERT_EQ(a, b) << text << " in " << cap;
    if (a > 0) {
      // The word and the eight zero bytes after it.
      ASSERT_EQ(std::string(fast, a + 8), std::string(slow, b + 8)) << text;
    }
    for (size_t k = cap - 1; k < sizeof(fast); ++k) {
      ASSERT_EQ(fast[k], 1) << "Fold wrote byte " << k << " of " << cap;
      ASSERT_EQ(slow[k], 2) << "FoldSlow wrote byte " << k << " of " << cap;
    }
    // The word as a prefix of the rest of its text: the tail is read in
    // one load when eight bytes may be read, and the bytes after the word
    // (here the rest of "text", or capitals and 0xE2) must not show.  The
    // text ends a buffer of its exact size, so that under ASan a read
    // past "readable" is caught.
    const size_t len = rng() % (text.size() + 1);
    const size_t more = rng() % 12;
    const std::string in_text = text + std::string(more, "A\xE2z"[rng() % 3]);
    std::unique_ptr<char[]> exact(new char[in_text.size()]);
    std::memcpy(exact.get(), in_text.data(), in_text.size());
    const std::string_view word(exact.get(), len);
    std::memset(fast, 1, sizeof(fast));
    std::memset(slow, 2, sizeof(slow));
    const size_t c = tokenizer_internal::Fold(word, fast, cap, in_text.size());
    const size_t d = tokenizer_internal::FoldSlow(word, slow, cap);
    ASSERT_EQ(c, d) << text << " in " << cap;
    if (c > 0) ASSERT_EQ(std::string(fast, c + 8), std::string(slow, d + 8));
    for (size_t k = cap - 1; k < sizeof(fast); ++k) {
      ASSERT_EQ(fast[k], 1) << "Fold wrote byte " << k << " of " << cap;
      ASSERT_EQ(slow[k], 2) << "FoldSlow wrote byte " << k << " of " << cap;
    }
  }
}

}  // namespace
}  // namespace quotes
