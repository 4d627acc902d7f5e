// Copyright The Quote Tracker Authors.
//
// The expected figures are those ../shared/eval/score.py prints for the same
// input; scorer_diff_test.sh checks the whole output against it.

#include "cli/scorer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "quotes/status.h"

namespace quotes {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string FixturePath(const std::string& file) {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const char* workspace = std::getenv("TEST_WORKSPACE");
  return std::string(srcdir != nullptr ? srcdir : ".") + "/" +
         (workspace != nullptr ? workspace : "quotes") +
         "/tests/testdata/scorer/" + file;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos;
       start = end + 1) {
    lines.push_back(text.substr(start, end - start));
  }
  return lines;
}

Status ScoreFixture(const std::string& name, ScoreReport* report) {
  ScoreOptions options;
  options.max_errors = 50;
  return ScoreJsonl(FixturePath(name + ".gold.jsonl"),
                    FixturePath(name + ".pred.jsonl"), options, report);
}

struct FixtureCase {
  const char* name;  // tests/testdata/scorer/<name>.{gold,pred}.jsonl
  const char* what;  // The behaviour the fixture pins down.
  std::vector<std::string> lines;  // Lines of the text report.
};

const FixtureCase kFixtureCases[] = {
    {"exact",
     "gold spans and speakers predicted exactly (code point gold, byte "
     "predictions, curly quotes)",
     {"gold_quotes: 2", "pred_quotes: 2", "quote_f1: 1.0",
      "quote_exact_f1: 1.0", "attribution_f1: 1.0",
      "recall_by_kind: {'direct': 1.0, 'indirect': 1.0}",
      "ggt_0.8: {'precision': 1.0, 'recall': 1.0, 'f1': 1.0, "
      "'speaker_accuracy': 1.0}"}},
    {"dice",
     "Dice 6/11 matches, 6/13 does not, exactly 0.5 matches",
     {"MISSED d1: None :: 'costs had doubled since the first'",
      "WRONG SPEAKER d1: gold=None pred='She' :: 'work must begin soon'",
      "SPURIOUS d1: None :: 'since the first estimate in spring. She'",
      "quote_precision: 0.6667", "quote_recall: 0.6667", "quote_exact_f1: 0.0",
      "speaker_accuracy_on_matched: 0.5",
      "ggt_0.8: {'precision': 0.0, 'recall': 0.0, 'f1': 0.0, "
      "'speaker_accuracy': 0.0}"}},
    {"speaker_names",
     "titles dropped, pronouns never a name, {\"name\": ...}, a pronoun as "
     "gold name falls back to the mention",
     {"WRONG SPEAKER n1: gold='Emmanuel Macron' pred='he' :: 'the talks "
      "would take time'",
      "WRONG SPEAKER n1: gold=None pred='Officials' :: 'nothing would change'",
      "speaker_accuracy_on_matched: 0.6667", "attribution_recall: 0.6667"}},
    {"speaker_spans",
     "without a gold name: mention overlap, or the speaker_text name",
     {"WRONG SPEAKER s1: gold=None pred='they' :: 'a slowdown next year'",
      "speaker_accuracy_on_matched: 0.6667"}},
    {"optional",
     "a prediction of an optional quote is neither right nor wrong",
     {"SPURIOUS o1: 'Home' :: 'Home | News | Sport'", "gold_quotes: 1",
      "pred_quotes: 2", "quote_precision: 0.5", "quote_recall: 1.0",
      "ggt_0.3: {'precision': 0.5, 'recall': 1.0, 'f1': 0.6667, "
      "'speaker_accuracy': 1.0}"}},
    {"multi_span",
     "quote_spans around a cue; a prediction of one part only",
     {"MISSED m2: 'Ada Holm' :: 'Yes, the bill will pass the house'",
      "SPURIOUS m2: 'Ada Holm' :: 'Yes,'", "quote_recall: 0.5",
      "quote_exact_f1: 0.0", "speaker_accuracy_on_matched: 1.0",
      "ggt_0.8: {'precision': 0.5, 'recall': 0.5, 'f1': 0.5, "
      "'speaker_accuracy': 1.0}"}},
    {"unicode_bytes",
     "UTF-8 byte gold; accents, final sigma, Cyrillic; cuts inside "
     "characters; \\xa0 in repr",
     {"MISSED u1: None :: 'selon l’AFP…'",
      "SPURIOUS u1: 'l’AFP' :: '\xEF\xBF\xBDmilie Dupré a déclaré'",
      "SPURIOUS u1: '\\xa0' :: '\\xa0Fin.'", "pred_quotes: 5",
      "quote_precision: 0.6", "quote_recall: 0.75",
      "speaker_accuracy_on_matched: 1.0"}},
    {"unicode_chars",
     "the same document with code point gold offsets",
     {"quote_precision: 0.6", "quote_recall: 0.75",
      "speaker_accuracy_on_matched: 1.0"}},
    {"ggt",
     "character coverage around 0.3 and 0.8; a speaker right by mention "
     "overlap in ggt only",
     {"WRONG SPEAKER g1: gold='Kay Voss' pred='Ann Lee' :: 'the budget is "
      "balanced'",
      "speaker_accuracy_on_matched: 0.6667",
      "ggt_0.3: {'precision': 1.0, 'recall': 1.0, 'f1': 1.0, "
      "'speaker_accuracy': 1.0}",
      "ggt_0.8: {'precision': 0.6667, 'recall': 0.6667, 'f1': 0.6667, "
      "'speaker_accuracy': 1.0}"}},
    {"malformed",
     "prediction lines outside the contract, CRLF, blank lines, string and "
     "bool offsets, unknown doc_ids",
     {"SPURIOUS x1: 'Nobody' :: 'Nobody else spoke'",
      "SPURIOUS x1: None :: 'he '", "unparsable_pred_lines: 5",
      "pred_quotes: 3", "quote_precision: 0.3333"}},
    {"kinds",
     "recall by kind, a missing kind counts as 'unknown'",
     {"recall_by_kind: {'direct': 0.0, 'indirect': 1.0, 'mixed': 1.0, "
      "'unknown': 0.0}",
      "quote_recall: 0.5", "quote_f1: 0.6667"}},
};

TEST(ScoreJsonl, FixturesGiveScorePyFigures) {
  for (const FixtureCase& c : kFixtureCases) {
    ScoreReport report;
    Status s = ScoreFixture(c.name, &report);
    ASSERT_TRUE(s.ok()) << c.name << ": " << s.ToString();
    const std::vector<std::string> lines = Lines(FormatReport(report, false));
    for (const std::string& want : c.lines) {
      EXPECT_THAT(lines, Contains(want)) << c.name << ": " << c.what;
    }
  }
}

TEST(ScoreJsonl, ByteAndCodePointGoldOffsetsAgree) {
  ScoreReport bytes, chars;
  ASSERT_TRUE(ScoreFixture("unicode_bytes", &bytes).ok());
  ASSERT_TRUE(ScoreFixture("unicode_chars", &chars).ok());
  EXPECT_EQ(FormatReport(bytes, true), FormatReport(chars, true));
}

TEST(ScoreJsonl, MissingFileIsIOError) {
  ScoreReport report;
  Status s = ScoreJsonl(FixturePath("no-such.jsonl"),
                        FixturePath("exact.pred.jsonl"), {}, &report);
  EXPECT_TRUE(s.IsIOError()) << s.ToString();
  EXPECT_THAT(s.message(), HasSubstr("no-such.jsonl"));
}

// One document "He said it works." with one quote, "it works", predicted
// exactly: only the speakers differ.
Status ScoreSpeakers(const std::string& gold_speaker,
                     const std::string& pred_speaker, ScoreReport* report) {
  const std::string gold =
      R"({"doc_id": "d", "text": "He said it works.", "quotes": [)"
      R"({"quote_start": 8, "quote_end": 16, "speaker": )" +
      gold_speaker + "}]}\n";
  const std::string pred =
      R"({"doc_id": "d", "quote_start": 8, "quote_end": 16, "speaker": )" +
      pred_speaker + "}\n";
  return ScoreDocuments("gold", gold, pred, {}, report);
}

struct SpeakerCase {
  const char* gold;  // JSON of the gold "speaker".
  const char* pred;  // JSON of the predicted "speaker".
  bool right;
};

const SpeakerCase kSpeakerCases[] = {
    {R"("Emmanuel Macron")", R"("Mr Macron")", true},
    {R"("Emmanuel Macron")", R"("President Emmanuel Macron")", true},
    {R"("Emmanuel Macron")", R"("he")", false},
    {R"("Emmanuel Macron")", R"("Macron, he")", false},
    {R"("Emmanuel Macron")", R"("Brigitte Macron")", false},
    {R"("Emmanuel Macron")", R"({"name": "EMMANUEL MACRON"})", true},
    {R"("Emmanuel Macron")", R"({"canonical_name": "macron"})", true},
    {R"("Emmanuel Macron")", "null", false},
    // A pronoun, or a title alone, is no gold name: with no mention either,
    // the prediction is right only when it names nobody.
    {R"("We")", R"("we")", false},
    {R"("We")", "null", true},
    {R"("Mr.")", R"("Mr. Smith")", false},
    {"null", "null", true},
    {"null", R"("")", true},
    {"null", R"("Someone")", false},
    {R"("Ann Lee")", R"("Ann Leed")", false},
    {R"("Dr. Ann Lee")", R"("Prof Ann Lee")", true},
    {R"("O’Brien")", R"("Brien")", true},  // ’ is no word character.
    {R"("Émilie Dupré")", R"("ÉMILIE DUPRÉ")", true},
    {R"("Αλέξης Τσίπρας")", R"("ΤΣΊΠΡΑΣ")", true},  // Final sigma.
    {R"("Αλέξης Τσίπρας")", R"("τσίπρασ")", false},
    {R"("Владимир Путин")", R"("ПУТИН")", true},
    {R"("İlham Aliyev")", R"("İLHAM")", true},
};

TEST(ScoreDocuments, SpeakerNamesNormaliseAsScorePy) {
  for (const SpeakerCase& c : kSpeakerCases) {
    ScoreReport report;
    Status s = ScoreSpeakers(c.gold, c.pred, &report);
    ASSERT_TRUE(s.ok()) << c.gold << " " << c.pred << ": " << s.ToString();
    EXPECT_EQ(report.speaker_accuracy_on_matched, c.right ? 1.0 : 0.0)
        << "gold " << c.gold << " pred " << c.pred;
  }
}

// "n" one-word gold quotes in one document, the first "found" of them
// predicted.
std::string WordsGold(int n) {
  std::string text, quotes;
  for (int i = 0; i < n; ++i) {
    const int start = text.size();
    text += "w" + std::to_string(i) + " ";
    quotes += std::string(i > 0 ? ", " : "") + R"({"quote_start": )" +
              std::to_string(start) + R"(, "quote_end": )" +
              std::to_string(text.size() - 1) + "}";
  }
  return R"({"doc_id": "d", "text": ")" + text + R"(", "quotes": [)" + quotes +
         "]}\n";
}

std::string WordsPred(int found) {
  std::string pred;
  int start = 0;
  for (int i = 0; i < found; ++i) {
    const int end = start + 1 + std::to_string(i).size();
    pred += R"({"doc_id": "d", "quote_start": )" + std::to_string(start) +
            R"(, "quote_end": )" + std::to_string(end) + "}\n";
    start = end + 1;
  }
  return pred;
}

TEST(ScoreDocuments, RoundsHalfToEvenLikePython) {
  ScoreReport report;
  // 1/32 = 0.03125 and 3/32 = 0.09375 are exact in binary: ties.
  ASSERT_TRUE(
      ScoreDocuments("gold", WordsGold(32), WordsPred(1), {}, &report).ok());
  EXPECT_THAT(Lines(FormatReport(report, false)),
              Contains("quote_recall: 0.0312"));
  ASSERT_TRUE(
      ScoreDocuments("gold", WordsGold(32), WordsPred(3), {}, &report).ok());
  EXPECT_THAT(Lines(FormatReport(report, false)),
              Contains("quote_recall: 0.0938"));
}

TEST(ScoreDocuments, MaxErrorsCapsTheList) {
  ScoreOptions options;
  options.max_errors = 2;
  ScoreReport report;
  ASSERT_TRUE(
      ScoreDocuments("gold", WordsGold(5), WordsPred(1), options, &report)
          .ok());
  EXPECT_EQ(report.errors, (std::vector<std::string>{"MISSED d: None :: ''",
                                                     "MISSED d: None :: ''"}));
}

TEST(ScoreDocuments, MalformedGoldLineNamesFileAndLine) {
  const std::string gold = WordsGold(2) + "\n{\"doc_id\": \"e\", \n";
  ScoreReport report;
  report.gold_quotes = 7;
  Status s = ScoreDocuments("gold.jsonl", gold, "", {}, &report);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_THAT(s.message(), StartsWith("gold.jsonl:3: "));
  EXPECT_EQ(report.gold_quotes, 7) << "unchanged on error";
}

TEST(ScoreDocuments, GoldDocumentWithoutTextIsAnError) {
  ScoreReport report;
  Status s =
      ScoreDocuments("g", R"({"doc_id": "a", "quotes": []})", "", {}, &report);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_THAT(s.message(), StartsWith("g:1: "));
}

TEST(ScoreDocuments, InvalidUtf8IsCorruption) {
  ScoreReport report;
  Status s = ScoreDocuments("g", WordsGold(1), "{\"doc_id\": \"d\xff\"}\n", {},
                            &report);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
}

TEST(ScoreDocuments, RepeatedDocIdTakesTheLastLine) {
  const std::string gold = WordsGold(4) + WordsGold(1);
  ScoreReport report;
  ASSERT_TRUE(ScoreDocuments("gold", gold, WordsPred(1), {}, &report).ok());
  EXPECT_EQ(report.gold_quotes, 1);
  EXPECT_EQ(report.quote_recall, 1.0);
}

TEST(ScoreDocuments, IgnoresPredictionsOfOtherDocuments) {
  const std::string pred =
      WordsPred(1) + R"({"doc_id": "other", "quote_start": 0, "quote_end": 2})";
  ScoreReport report;
  ASSERT_TRUE(ScoreDocuments("gold", WordsGold(2), pred, {}, &report).ok());
  EXPECT_EQ(report.pred_quotes, 1);
  EXPECT_EQ(report.unparsable_pred_lines, 0);
}

ScoreReport SampleReport() {
  ScoreReport r;
  r.gold_quotes = 12;
  r.pred_quotes = 10;
  r.unparsable_pred_lines = 1;
  r.quote_precision = 0.8;
  r.quote_recall = 2.0 / 3.0;  // Unrounded: repr keeps 17 digits.
  r.quote_f1 = 0.0001;
  r.quote_exact_f1 = 1.0;
  r.recall_by_kind = {{"direct", true, 0.9}, {"it's \"é\"", true, 0.5}};
  r.ggt_03 = {0.8, 0.5, 0.6154, 0.75};
  r.errors = {"MISSED d: None :: ''"};
  return r;
}

TEST(FormatReport, PrintsLikePythonPrint) {
  EXPECT_EQ(FormatReport(SampleReport(), false),
            "MISSED d: None :: ''\n"
            "gold_quotes: 12\n"
            "pred_quotes: 10\n"
            "unparsable_pred_lines: 1\n"
            "quote_precision: 0.8\n"
            "quote_recall: 0.6666666666666666\n"
            "quote_f1: 0.0001\n"
            "quote_exact_f1: 1.0\n"
            "speaker_accuracy_on_matched: 0.0\n"
            "attribution_precision: 0.0\n"
            "attribution_recall: 0.0\n"
            "attribution_f1: 0.0\n"
            "recall_by_kind: {'direct': 0.9, 'it\\'s \"é\"': 0.5}\n"
            "ggt_0.3: {'precision': 0.8, 'recall': 0.5, 'f1': 0.6154, "
            "'speaker_accuracy': 0.75}\n"
            "ggt_0.8: {'precision': 0.0, 'recall': 0.0, 'f1': 0.0, "
            "'speaker_accuracy': 0.0}\n");
}

TEST(FormatReport, PrintsLikeJsonDumps) {
  EXPECT_EQ(FormatReport(SampleReport(), true),
            "MISSED d: None :: ''\n"
            "{\"gold_quotes\": 12, \"pred_quotes\": 10, "
            "\"unparsable_pred_lines\": 1, \"quote_precision\": 0.8, "
            "\"quote_recall\": 0.6666666666666666, \"quote_f1\": 0.0001, "
            "\"quote_exact_f1\": 1.0, \"speaker_accuracy_on_matched\": 0.0, "
            "\"attribution_precision\": 0.0, \"attribution_recall\": 0.0, "
            "\"attribution_f1\": 0.0, \"recall_by_kind\": {\"direct\": 0.9, "
            "\"it's \\\"\\u00e9\\\"\": 0.5}, \"ggt_0.3\": {\"precision\": 0.8, "
            "\"recall\": 0.5, \"f1\": 0.6154, \"speaker_accuracy\": 0.75}, "
            "\"ggt_0.8\": {\"precision\": 0.0, \"recall\": 0.0, \"f1\": 0.0, "
            "\"speaker_accuracy\": 0.0}}\n");
}

TEST(FormatReport, NonStringKindsPrintAsPython) {
  ScoreReport r;
  r.recall_by_kind = {{"None", false, 0.25}};
  EXPECT_THAT(Lines(FormatReport(r, false)),
              Contains("recall_by_kind: {None: 0.25}"));
  EXPECT_THAT(FormatReport(r, true),
              HasSubstr("\"recall_by_kind\": {\"null\": 0.25}"));
}

}  // namespace
}  // namespace quotes
