// Copyright The Quote Tracker Authors.
//
// Extractor properties that hold for any input: Extract() succeeds, every
// offset lies inside the text, a quote's text is the text at its content
// offsets, and concurrent extraction gives the results of one thread.
// Also: a bad rules file is refused with a message naming the rule.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "proto/quote.pb.h"
#include "quotes/extractor.h"
#include "quotes/utf8.h"
#include "tests/engine_test_util.h"

namespace quotes {
namespace {

using engine_test::DefaultExtractor;

// Words, marks and breaks that the rules react to, for token soup.
const char* const kSoup[] = {
    "Brandt",
    "Nadia",
    "Ferrante",
    "said",
    "says",
    "told",
    "reporters",
    "that",
    "the",
    "minister",
    "ministry",
    "according",
    "to",
    "not",
    "did",
    "never",
    "he",
    "she",
    "who",
    "and",
    "but",
    "While",
    "acknowledging",
    "saying",
    "telling",
    "added",
    "Mr.",
    "U.S.",
    "in",
    "a",
    "statement",
    "was",
    "quoted",
    "as",
    "\"",
    "\"",
    "\xE2\x80\x9C",
    "\xE2\x80\x9D",
    "\xC2\xAB",
    "\xC2\xBB",
    "'",
    "''",
    ",",
    ",",
    ".",
    ".",
    "?",
    "!",
    ":",
    ";",
    "--",
    "-",
    "(",
    ")",
    "\n",
    "\n\n",
    "\r\n\r\n",
    "...",
    "\xE2\x80\xA6",
    "\xFF",
    "\xC3",
    "42",
    "Comments are closed.",
};

std::string RandomBytes(std::mt19937* rng, size_t max_len) {
  std::uniform_int_distribution<size_t> len(0, max_len);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string s(len(*rng), '\0');
  for (char& c : s) c = static_cast<char>(byte(*rng));
  return s;
}

std::string RandomSoup(std::mt19937* rng, size_t max_words) {
  std::uniform_int_distribution<size_t> len(0, max_words);
  std::uniform_int_distribution<size_t> pick(0, std::size(kSoup) - 1);
  std::string s;
  for (size_t n = len(*rng); n > 0; --n) {
    s.append(kSoup[pick(*rng)]);
    if ((*rng)() % 3 != 0) s.push_back(' ');
  }
  return s;
}

std::string Repeat(const std::string& piece, size_t times) {
  std::string s;
  s.reserve(piece.size() * times);
  for (size_t i = 0; i < times; ++i) s.append(piece);
  return s;
}

// A short name for failure messages: the input's start, printable.
std::string Label(const std::string& text) {
  std::string label;
  for (size_t i = 0; i < text.size() && label.size() < 60; ++i) {
    const unsigned char c = text[i];
    if (c >= 0x20 && c < 0x7F) {
      label.push_back(static_cast<char>(c));
    } else {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "\\x%02X", c);
      label.append(hex);
    }
  }
  return label + " (" + std::to_string(text.size()) + " bytes)";
}

std::vector<std::string> Inputs() {
  std::vector<std::string> inputs = {
      "",
      "Health Minister Nadia Ferrante said on Tuesday that the clinics "
      "would open in March.",
      "\"We are ready,\" she told reporters. \"The money is there.\"",
      "While acknowledging that staff were short, Ferrante said the plan "
      "would work.\n\nThe ministry said it would publish the figures.",
      "\"First paragraph of the quotation.\n\n\"Second paragraph,\" "
      "Brandt said, \"and a third part.\"",
      "Brandt did not say whether he would vote.\r\n\r\nComments are "
      "closed.",
      "By Mirela Dunst\n\nShare this article\n\nStorm Closes Coastal "
      "Highway For Third Day",
      ".,;:!?-()[]{}<>/\\|@#$%^&*_+=~`",
      Repeat("?!.", 2000),
      Repeat("\"", 10000),
      Repeat("\xE2\x80\x9C", 10000),
      Repeat("\xE2\x80\x9D", 10000),
      Repeat("'", 10000),
      Repeat("\xC2\xAB", 5000) + Repeat("\xC2\xBB", 5000),
      Repeat("\"a ", 3000) + "said Brandt.",
      Repeat("\xE2\x80\x9C\xE2\x80\x98", 2000) + "deep" +
          Repeat("\xE2\x80\x99\xE2\x80\x9D", 1000),
      Repeat("\"He said '", 500) + "no" + Repeat("',\" she said", 700),
      Repeat(",", 5000) + " said " + Repeat(",", 5000),
      Repeat("said ", 5000),
      Repeat("\n", 5000),
      Repeat("\r", 5000),
      std::string("Brandt\0said\0the pier\0would open.",
                  sizeof("Brandt\0said\0the pier\0would open.") - 1),
      "Brandt \xFF\xFE said the pier \xC3 would open \xED\xA0\x80 in May.",
      "\xE2\x80\xAE\"Ferrante said \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D,\" "
      "Brandt said.\xE2\x80\xAC",
      // One line of 1 MB: many sentences, no paragraph break.
      Repeat("\"The pier will open in May,\" Brandt said. Ferrante told "
             "reporters that the clinics would open, according to the "
             "ministry. ",
             1 << 20 >> 7),
  };
  std::mt19937 rng(20240611);
  for (int i = 0; i < 200; ++i) inputs.push_back(RandomBytes(&rng, 400));
  for (int i = 0; i < 400; ++i) inputs.push_back(RandomSoup(&rng, 80));
  return inputs;
}

const std::vector<std::string>& CachedInputs() {
  static const std::vector<std::string>* const inputs =
      new std::vector<std::string>(Inputs());
  return *inputs;
}

void ExpectInside(const Span& span, size_t size, const char* what,
                  const std::string& text) {
  EXPECT_LE(span.start(), span.end()) << what << " of " << Label(text);
  EXPECT_LE(span.end(), size) << what << " of " << Label(text);
}

TEST(ExtractorInvariants, OffsetsLieInsideTheText) {
  const Extractor& extractor = DefaultExtractor();
  size_t total = 0;
  for (const std::string& text : CachedInputs()) {
    Document doc;
    doc.set_text(text);
    std::vector<Quote> quotes;
    const Status s = extractor.Extract(doc, &quotes);
    ASSERT_TRUE(s.ok()) << Label(text) << ": " << s.ToString();
    const bool valid = IsValidUtf8(text);
    total += quotes.size();
    for (const Quote& q : quotes) {
      ASSERT_EQ(q.sources_size(), 1) << Label(text);
      const Source& src = q.sources(0);
      ExpectInside(src.content(), text.size(), "content", text);
      ExpectInside(src.speaker(), text.size(), "speaker", text);
      ExpectInside(src.cue(), text.size(), "cue", text);
      EXPECT_TRUE(IsValidUtf8(q.text())) << Label(text);
      EXPECT_TRUE(IsValidUtf8(q.speaker().name())) << Label(text);
      if (!valid || src.content().end() > text.size()) continue;
      const Span& c = src.content();
      EXPECT_EQ(q.text(), text.substr(c.start(), c.end() - c.start()))
          << Label(text);
      if (src.cue().end() > src.cue().start()) {
        const Span& u = src.cue();
        EXPECT_EQ(q.cue(), text.substr(u.start(), u.end() - u.start()))
            << Label(text);
      }
    }
  }
  // The inputs do reach the rules: the checks above saw many quotes.
  EXPECT_GT(total, 1000u);
}

TEST(ExtractorInvariants, RefusesDocumentsOverTheLimit) {
  Extractor::Options options;
  options.max_document_bytes = 100;
  std::unique_ptr<Extractor> extractor;
  ASSERT_TRUE(Extractor::Create(options, &extractor).ok());
  Document doc;
  doc.set_text(std::string(101, 'a'));
  std::vector<Quote> quotes;
  const Status s = extractor->Extract(doc, &quotes);
  EXPECT_EQ(s.code(), Status::Code::kResourceExhausted) << s.ToString();
  EXPECT_TRUE(quotes.empty());
}

// Every quote of every input, serialized, one string per input.
std::vector<std::string> ExtractAll(const Extractor& extractor,
                                    const std::vector<std::string>& inputs) {
  std::vector<std::string> out;
  out.reserve(inputs.size());
  for (const std::string& text : inputs) {
    Document doc;
    doc.set_doc_id("d");
    doc.set_text(text);
    std::vector<Quote> quotes;
    std::string all;
    if (!extractor.Extract(doc, &quotes).ok()) all = "error";
    for (const Quote& q : quotes) all.append(q.SerializeAsString());
    out.push_back(std::move(all));
  }
  return out;
}

TEST(ExtractorInvariants, ThreadsAgreeWithOneThread) {
  const Extractor& extractor = DefaultExtractor();
  // The 1 MB line is left out: it would only slow the test down.
  std::vector<std::string> inputs;
  for (const std::string& text : CachedInputs()) {
    if (text.size() < 100000) inputs.push_back(text);
  }
  const std::vector<std::string> expected = ExtractAll(extractor, inputs);
  constexpr int kThreads = 8;
  std::vector<std::vector<std::string>> results(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // Each thread starts at a different input so that they overlap.
      std::vector<std::string> rotated(inputs.begin() + t, inputs.end());
      rotated.insert(rotated.end(), inputs.begin(), inputs.begin() + t);
      std::vector<std::string> got = ExtractAll(extractor, rotated);
      std::rotate(got.begin(), got.end() - t, got.end());
      results[t] = std::move(got);
    });
  }
  for (std::thread& t : threads) t.join();
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_EQ(results[t].size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ(results[t][i], expected[i])
          << "thread " << t << ", input " << Label(inputs[i]);
    }
  }
}

// A catalogue with one bad rule after a good one.
struct BadRulesCase {
  const char* what;
  const char* rules;    // text format, appended to a good rule
  const char* bad_id;   // the id the message must name
  const char* problem;  // a word of the message
};

constexpr char kGoodRule[] = R"pb(
  macro { name: "SPK" pattern: "P|N+" }
  rule {
    id: "test.good"
    pattern: "(?P<speaker>{SPK})(?P<cue>V)(?P<content>[^/.]+)"
    kind: INDIRECT
    confidence: 0.5
  }
)pb";

const BadRulesCase kBadRulesCases[] = {
    {"unknown tag letter",
     R"pb(rule {
            id: "test.unknown_tag"
            pattern: "(?P<speaker>N)(?P<cue>Z)(?P<content>Q)"
            kind: DIRECT
            confidence: 0.5
          })pb",
     "test.unknown_tag", "tag"},
    {"cue lemma of no verb",
     R"pb(rule {
            id: "test.unknown_lemma"
            pattern: "(?P<speaker>N)(?P<cue>U)(?P<content>[^/.]+)"
            kind: INDIRECT
            confidence: 0.5
            cue_lemma: "whisperize"
          })pb",
     "test.unknown_lemma", "whisperize"},
    {"cue verbs of no list",
     R"pb(rule {
            id: "test.unknown_list"
            pattern: "(?P<speaker>N)(?P<cue>U)(?P<content>[^/.]+)"
            kind: INDIRECT
            confidence: 0.5
            cue_verbs: "MURMURS"
          })pb",
     "test.unknown_list", "MURMURS"},
    {"a verb list of a lemma of no verb",
     R"pb(verb_list { name: "ODD" lemma: "whisperize" }
          rule {
            id: "test.odd_list"
            pattern: "(?P<speaker>N)(?P<cue>U)(?P<content>[^/.]+)"
            kind: INDIRECT
            confidence: 0.5
            cue_verbs: "ODD"
          })pb",
     "test.odd_list", "whisperize"},
    {"two verb lists of one name",
     R"pb(verb_list { name: "TWICE" lemma: "say" }
          verb_list { name: "TWICE" lemma: "add" })pb",
     "TWICE", "duplicate"},
    {"undefined macro",
     R"pb(rule {
            id: "test.undefined_macro"
            pattern: "(?P<speaker>{NOPE})(?P<cue>V)(?P<content>Q)"
            kind: DIRECT
            confidence: 0.5
          })pb",
     "test.undefined_macro", "NOPE"},
    {"duplicate id",
     R"pb(rule {
            id: "test.good"
            pattern: "(?P<speaker>N)(?P<cue>V)(?P<content>Q)"
            kind: DIRECT
            confidence: 0.5
          })pb",
     "test.good", "duplicate"},
    {"bad RE2",
     R"pb(rule {
            id: "test.bad_re2"
            pattern: "(?P<speaker>N)(?P<cue>V(?P<content>Q)"
            kind: DIRECT
            confidence: 0.5
          })pb",
     "test.bad_re2", "missing"},
    {"missing cue group",
     R"pb(rule {
            id: "test.no_cue"
            pattern: "(?P<speaker>N)V(?P<content>Q)"
            kind: DIRECT
            confidence: 0.5
          })pb",
     "test.no_cue", "cue"},
    {"missing speaker group",
     R"pb(rule {
            id: "test.no_speaker"
            pattern: "N(?P<cue>V)(?P<content>Q)"
            kind: DIRECT
            confidence: 0.5
          })pb",
     "test.no_speaker", "speaker"},
    {"unknown group",
     R"pb(rule {
            id: "test.unknown_group"
            pattern: "(?P<speaker>N)(?P<cue>V)(?P<quote>Q)"
            kind: DIRECT
            confidence: 0.5
          })pb",
     "test.unknown_group", "quote"},
    {"matches the empty string",
     R"pb(rule {
            id: "test.empty_match"
            pattern: "(?P<speaker>N?)(?P<cue>V?)(?P<content>Q?)"
            kind: DIRECT
            confidence: 0.5
          })pb",
     "test.empty_match", "empty"},
    {"confidence out of range",
     R"pb(rule {
            id: "test.confidence"
            pattern: "(?P<speaker>N)(?P<cue>V)(?P<content>Q)"
            kind: DIRECT
            confidence: 1.5
          })pb",
     "test.confidence", "confidence"},
    {"no kind",
     R"pb(rule {
            id: "test.no_kind"
            pattern: "(?P<speaker>N)(?P<cue>V)(?P<content>Q)"
            confidence: 0.5
          })pb",
     "test.no_kind", "kind"},
};

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
}

std::string WriteTempFile(const std::string& name, const std::string& text) {
  const std::string path = TempPath(name);
  std::ofstream out(path, std::ios::binary);
  out << text;
  return path;
}

TEST(ExtractorCreate, AcceptsAGoodRulesFile) {
  Extractor::Options options;
  options.rules_path = WriteTempFile("good.textproto", kGoodRule);
  std::unique_ptr<Extractor> extractor;
  const Status s = Extractor::Create(options, &extractor);
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_NE(extractor, nullptr);
  Document doc;
  doc.set_text("Brandt said the pier would open.");
  std::vector<Quote> quotes;
  ASSERT_TRUE(extractor->Extract(doc, &quotes).ok());
  ASSERT_EQ(quotes.size(), 1u);
  EXPECT_EQ(quotes[0].rule_id(), "test.good");
}

TEST(ExtractorCreate, BadRulesFileNamesTheRule) {
  int n = 0;
  for (const BadRulesCase& c : kBadRulesCases) {
    Extractor::Options options;
    options.rules_path =
        WriteTempFile("bad" + std::to_string(n++) + ".textproto",
                      std::string(kGoodRule) + c.rules);
    std::unique_ptr<Extractor> extractor;
    const Status s = Extractor::Create(options, &extractor);
    EXPECT_TRUE(s.IsInvalidArgument()) << c.what << ": " << s.ToString();
    EXPECT_NE(s.message().find(c.bad_id), std::string::npos)
        << c.what << ": " << s.ToString();
    EXPECT_NE(s.message().find(c.problem), std::string::npos)
        << c.what << ": " << s.ToString();
    EXPECT_EQ(extractor, nullptr) << c.what;
  }
}

TEST(ExtractorCreate, MissingRulesFileIsAnIOError) {
  Extractor::Options options;
  options.rules_path = TempPath("no/such/rules.textproto");
  std::unique_ptr<Extractor> extractor;
  const Status s = Extractor::Create(options, &extractor);
  EXPECT_TRUE(s.IsIOError()) << s.ToString();
  EXPECT_EQ(extractor, nullptr);
}

TEST(ExtractorCreate, UnparsableRulesFileIsInvalidArgument) {
  Extractor::Options options;
  options.rules_path =
      WriteTempFile("unparsable.textproto", "rule { id: \"test.x\" ");
  std::unique_ptr<Extractor> extractor;
  const Status s = Extractor::Create(options, &extractor);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_NE(s.message().find("unparsable.textproto"), std::string::npos)
      << s.ToString();
  EXPECT_EQ(extractor, nullptr);
}

}  // namespace
}  // namespace quotes
