// Copyright The Quote Tracker Authors.
//
// How well `quotes verify` tells a misquote from a made-up claim, measured
// on misquotes derived from the project's own quotes: those the extractor
// finds in samples/news.jsonl and a set generated here.  Each stored quote
// gives claims with its words dropped, replaced, reordered, in another
// tense, in other case and punctuation, and under another speaker's name
// (expected: found, exact or close wording, the right quote first), and a
// loose paraphrase (expected: not close); unrelated claims and word salads
// of the store's own vocabulary are expected not to be close either.
//
// The test prints the figures (precision and recall of "close wording or
// exact" with the right quote, the confusion of verdicts, the wrong-speaker
// rate) and fails when they drop below floors set under the measured
// values.  Everything is deterministic.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "leveldb/env.h"
#include "leveldb/helpers/memenv.h"
#include "proto/quote.pb.h"
#include "quotes/document_reader.h"
#include "quotes/extractor.h"
#include "storage/quote_store.h"
#include "storage/similarity.h"
#include "tests/random.h"
#include "tests/store_test_util.h"

namespace quotes {
namespace {

using testing_util::MakeDoc;
using testing_util::QuoteSpec;
using testing_util::RunQuery;

// The same cases on every machine.
using testing_util::Random;

template <typename T>
const T& Pick(Random* rng, const std::vector<T>& v) {
  return v[rng->Uniform(v.size())];
}

// ------------------------------------------------------------ generation

const std::vector<std::string> kSubjects = {
    "We",         "The council", "Our government",      "The ministry",
    "My office",  "The board",   "This administration", "The union",
    "The agency",
};
const std::vector<std::string> kVerbs = {
    "will build",           "will not cut",       "must protect",
    "has already funded",   "is going to review", "cannot ignore",
    "will never abandon",   "plans to expand",    "will double",
    "refuses to privatise", "intends to repair",  "promised to reopen",
};
const std::vector<std::string> kObjects = {
    "the new ferry terminal",
    "rural bus routes",
    "the coastal flood defences",
    "nurses' overtime pay",
    "the northern rail link",
    "free school meals",
    "the offshore wind farm",
    "affordable housing in the harbour district",
    "the cod fishing quota",
    "every public library",
    "the water treatment plant",
    "emergency winter shelters",
    "the maternity ward in Eastholm",
    "broadband for mountain villages",
    "the old lighthouse museum",
    "apprenticeships for school leavers",
    "the cross-border tram line",
    "pensions for retired dockers",
    "the valley's only fire station",
    "grants for small bakeries",
};
const std::vector<std::string> kWhen = {
    "before the end of the year",
    "within two years",
    "as long as I am in office",
    "despite the budget shortfall",
    "next spring",
    "whatever the opposition says",
    "by the summer holidays",
    "after the election",
    "this decade",
    "once the audit is finished",
};
const std::vector<std::string> kClauses = {
    "and taxpayers will not pay a penny more",
    "because families deserve better than empty promises",
    "but we need the treasury to release the money first",
    "so that young people can afford to stay in the region",
    "and I will resign if we fail",
    "because the inspectors found serious safety problems",
    "but the unions must accept longer shifts",
    "so nobody should panic about the rumours",
};
const std::vector<std::string> kSpeakers = {
    "Ingrid Halvorsen", "Marco Bellini",  "Sofia Brandt",  "Jonas Ekdahl",
    "Leila Haddad",     "Piotr Nowak",    "Amara Okafor",  "Tobias Lind",
    "Greta Sandvik",    "Oskar Varga",    "Nadia Petrova", "Erik Aalto",
    "Clara Moreau",     "Daniel Fischer", "Hanna Kowal",
};

// Sentences on other subjects, in words the store mostly lacks.
const std::vector<std::string> kUnrelatedA = {
    "The striker scored twice",        "Astronomers spotted a comet",
    "The orchestra rehearsed Mahler",  "A rare orchid bloomed",
    "The chess champion resigned",     "Volcanic ash grounded flights",
    "The bakery's sourdough sold out", "A marathon runner collapsed",
};
const std::vector<std::string> kUnrelatedB = {
    "in the second half of the derby",
    "over the southern observatory",
    "for the autumn gala concert",
    "in the botanical garden greenhouse",
    "after a blunder in the endgame",
    "across three northern airports",
    "within minutes of the market opening",
    "near the finish line in Lisbon",
};

// Words that replace a quote's word in a misquote.
const std::vector<std::string> kReplacements = {
    "hospital", "stadium", "airport", "railway", "farmers",   "teachers",
    "bridge",   "museum",  "prison",  "tunnel",  "seriously", "quickly",
};

bool IsFunctionWordLower(const std::string& w) {
  static const std::set<std::string> kWords = {
      "a",    "an",   "and",   "are",  "as",   "at",  "be",   "but",  "by",
      "for",  "from", "has",   "have", "he",   "her", "his",  "i",    "in",
      "is",   "it",   "its",   "of",   "on",   "or",  "our",  "she",  "so",
      "that", "the",  "their", "they", "this", "to",  "was",  "we",   "were",
      "will", "with", "would", "you",  "not",  "no",  "my",   "me",   "us",
      "them", "had",  "can",   "must", "been", "if",  "than", "there"};
  return kWords.count(w) > 0;
}

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

// The letters of a word as a lower-case key ("clinic," -> "clinic").
std::string Bare(const std::string& word) {
  std::string out;
  for (const char c : word) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\'') {
      out.push_back(c);
    }
  }
  return Lower(out);
}

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : text + " ") {
    if (c == ' ' || c == '\n' || c == '\t') {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  return words;
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty()) out.push_back(' ');
    out += w;
  }
  return out;
}

std::vector<size_t> ContentPositions(const std::vector<std::string>& words) {
  std::vector<size_t> positions;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string bare = Bare(words[i]);
    if (!bare.empty() && !IsFunctionWordLower(bare)) positions.push_back(i);
  }
  return positions;
}

// Kinds of claims, and what verify should say about each.
enum class CaseKind {
  kVerbatim,      // other case and punctuation: exact
  kWrongSpeaker,  // the words, another speaker named: exact, wrong speaker
  kDropOne,       // one word left out: close wording
  kDropTwo,       // two words left out of a long quote: close wording
  kReplaceOne,    // one word replaced: close wording
  kReplaceTwo,    // two words of a long quote replaced: close wording
  kExcerpt,       // the first words of a long quote, verbatim: exact
  kReorder,       // clauses swapped: close wording
  kTense,         // will -> would, is -> was...: close wording
  kCombined,      // a word dropped, one replaced, the tense changed: close
  kParaphrase,    // half the words changed: not close
  kOtherObject,   // a generated quote with another object: not close
  kRecombined,    // the same with another time too: not close
  kWordSalad,     // the store's words at random: not close
  kUnrelated,     // another subject: not close
};

const char* CaseName(CaseKind kind) {
  switch (kind) {
    case CaseKind::kVerbatim:
      return "case and punctuation";
    case CaseKind::kWrongSpeaker:
      return "speaker swapped";
    case CaseKind::kDropOne:
      return "one word dropped";
    case CaseKind::kDropTwo:
      return "two words dropped";
    case CaseKind::kReplaceOne:
      return "one word replaced";
    case CaseKind::kReplaceTwo:
      return "two words replaced";
    case CaseKind::kExcerpt:
      return "verbatim excerpt";
    case CaseKind::kReorder:
      return "clauses reordered";
    case CaseKind::kTense:
      return "tense changed";
    case CaseKind::kCombined:
      return "drop+replace+tense";
    case CaseKind::kParaphrase:
      return "loose paraphrase";
    case CaseKind::kOtherObject:
      return "other object";
    case CaseKind::kRecombined:
      return "other object and time";
    case CaseKind::kWordSalad:
      return "word salad";
    case CaseKind::kUnrelated:
      return "unrelated claim";
  }
  return "";
}

Verdict ExpectedVerdict(CaseKind kind) {
  switch (kind) {
    case CaseKind::kVerbatim:
    case CaseKind::kWrongSpeaker:
    case CaseKind::kExcerpt:
      return Verdict::kExact;
    case CaseKind::kParaphrase:
    case CaseKind::kOtherObject:
    case CaseKind::kRecombined:
      return Verdict::kParaphrase;
    case CaseKind::kWordSalad:
    case CaseKind::kUnrelated:
      return Verdict::kNotFound;
    default:
      return Verdict::kCloseWording;
  }
}

struct Case {
  CaseKind kind;
  std::string claim;
  std::string speaker;        // named in the claim; may be empty
  std::string quote_id;       // the quote it derives from; empty: none
  bool from_samples = false;  // derived from a quote of samples/news.jsonl
};

struct Base {
  std::string id;
  std::string text;
  std::string speaker;  // canonical name; never empty
  bool from_samples = false;
};

std::string Verbatim(const std::string& text, Random* rng) {
  std::string out;
  for (const char c : text) {
    if (c == ',' || c == '.' || c == '"' || c == '!' || c == '?') continue;
    out.push_back(c);
  }
  return rng->Uniform(2) ? Lower(out) : out + "!";
}

bool DropWords(const std::vector<std::string>& words, size_t count, Random* rng,
               std::string* claim) {
  std::vector<size_t> content = ContentPositions(words);
  if (content.size() < count + 3) return false;
  std::set<size_t> drop;
  while (drop.size() < count) drop.insert(Pick(rng, content));
  std::vector<std::string> kept;
  for (size_t i = 0; i < words.size(); ++i) {
    if (drop.count(i) == 0) kept.push_back(words[i]);
  }
  *claim = Join(kept);
  return true;
}

bool ReplaceOne(const std::vector<std::string>& words, Random* rng,
                std::string* claim) {
  std::vector<size_t> content = ContentPositions(words);
  if (content.size() < 4) return false;
  std::vector<std::string> out = words;
  const size_t at = Pick(rng, content);
  std::string replacement;
  do {
    replacement = Pick(rng, kReplacements);
  } while (Lower(Join(words)).find(replacement) != std::string::npos);
  // Keep the punctuation that ends the word.
  std::string tail;
  while (!out[at].empty() && (out[at].back() == ',' || out[at].back() == '.')) {
    tail.insert(tail.begin(), out[at].back());
    out[at].pop_back();
  }
  out[at] = replacement + tail;
  *claim = Join(out);
  return true;
}

// The first two thirds of a quote of twelve words or more.
bool Excerpt(const std::vector<std::string>& words, std::string* claim) {
  if (words.size() < 12) return false;
  *claim = Join(std::vector<std::string>(words.begin(),
                                         words.begin() + words.size() * 2 / 3));
  return true;
}

// Swaps the clauses around the first comma that leaves three words on
// each side, or the two halves of the quote.
bool Reorder(const std::vector<std::string>& words, std::string* claim) {
  if (words.size() < 6) return false;
  size_t cut = 0;
  for (size_t i = 2; i + 3 < words.size(); ++i) {
    if (words[i].back() == ',') {
      cut = i + 1;
      break;
    }
  }
  if (cut == 0) cut = words.size() / 2;
  std::vector<std::string> second(words.begin() + cut, words.end());
  std::vector<std::string> first(words.begin(), words.begin() + cut);
  std::string a = Join(second);
  std::string b = Join(first);
  while (!a.empty() && (a.back() == '.' || a.back() == ',')) a.pop_back();
  while (!b.empty() && (b.back() == '.' || b.back() == ',')) b.pop_back();
  *claim = a + ", " + b + ".";
  return true;
}

bool ChangeTense(const std::vector<std::string>& words, std::string* claim) {
  static const std::map<std::string, std::string> kPast = {
      {"will", "would"},       {"is", "was"},          {"are", "were"},
      {"has", "had"},          {"have", "had"},        {"can", "could"},
      {"won't", "wouldn't"},   {"says", "said"},       {"does", "did"},
      {"cannot", "could not"}, {"do", "did"},          {"plans", "planned"},
      {"intends", "intended"}, {"refuses", "refused"}, {"must", "had to"},
  };
  std::vector<std::string> out = words;
  int changed = 0;
  for (std::string& w : out) {
    const auto it = kPast.find(w);
    if (it == kPast.end()) continue;
    w = it->second;
    if (++changed == 2) break;
  }
  if (changed == 0) return false;
  *claim = Join(out);
  return true;
}

// Keeps every other content word, in order, replaces the rest, and adds
// a word or two: the gist in other words.
bool Paraphrase(const std::vector<std::string>& words, Random* rng,
                std::string* claim) {
  std::vector<size_t> content = ContentPositions(words);
  if (content.size() < 5) return false;
  std::vector<std::string> out = {"They", "say"};
  for (size_t k = 0; k < content.size(); ++k) {
    out.push_back(k % 2 == 0 ? Bare(words[content[k]])
                             : Pick(rng, kReplacements));
    if (k == content.size() / 2) out.push_back("the");
  }
  out.push_back("eventually");
  *claim = Join(out);
  return true;
}

// A word dropped, another replaced, and the tense changed.
bool Combined(const std::vector<std::string>& words, Random* rng,
              std::string* claim) {
  if (ContentPositions(words).size() < 6) return false;
  std::string step;
  if (!DropWords(words, 1, rng, &step)) return false;
  if (!ReplaceOne(Split(step), rng, &step)) return false;
  if (!ChangeTense(Split(step), claim)) return false;
  return true;
}

// Swaps the object (and with "and_time", the time) of a generated quote
// for another: a statement nobody made, in the speaker's usual words.
bool Recombine(const std::string& text, bool and_time, Random* rng,
               std::string* claim) {
  for (const std::string& object : kObjects) {
    const size_t at = text.find(" " + object + " ");
    if (at == std::string::npos) continue;
    std::string other;
    do {
      other = Pick(rng, kObjects);
    } while (other == object);
    std::string out = text;
    out.replace(at + 1, object.size(), other);
    if (!and_time) {
      *claim = out;
      return true;
    }
    for (const std::string& when : kWhen) {
      const size_t t = out.find(" " + when);
      if (t == std::string::npos) continue;
      std::string later;
      do {
        later = Pick(rng, kWhen);
      } while (later == when);
      out.replace(t + 1, when.size(), later);
      *claim = out;
      return true;
    }
  }
  return false;
}

std::vector<Base> GeneratedQuotes(Random* rng) {
  std::vector<Base> quotes;
  std::set<std::string> seen;
  while (quotes.size() < 120) {
    std::string text = Pick(rng, kSubjects) + " " + Pick(rng, kVerbs) + " " +
                       Pick(rng, kObjects) + " " + Pick(rng, kWhen);
    if (rng->Uniform(2)) text += ", " + Pick(rng, kClauses);
    text += ".";
    if (!seen.insert(text).second) continue;
    quotes.push_back({"", text, Pick(rng, kSpeakers)});
  }
  return quotes;
}

// ------------------------------------------------------------ the store

class VerifyEvalTest : public testing::Test {
 protected:
  VerifyEvalTest() : env_(leveldb::NewMemEnv(leveldb::Env::Default())) {}

  void SetUp() override {
    QuoteStore::Options options;
    options.env = env_.get();
    ASSERT_STATUS_OK(QuoteStore::Open(options, "/eval", &store_));
  }

  // Extracts and stores the sample articles.
  void IngestSamples() {
    std::unique_ptr<Extractor> extractor;
    ASSERT_STATUS_OK(Extractor::Create(Extractor::Options(), &extractor));
    std::unique_ptr<DocumentReader> reader;
    ASSERT_STATUS_OK(DocumentReader::Open("samples/news.jsonl",
                                          DocumentReader::Options(), &reader));
    Document doc;
    Status s;
    while (reader->Next(&doc, &s)) {
      ASSERT_STATUS_OK(s);
      std::vector<Quote> quotes;
      ASSERT_STATUS_OK(extractor->Extract(doc, &quotes));
      ASSERT_STATUS_OK(store_->AddDocument(doc, quotes, nullptr));
    }
    ASSERT_STATUS_OK(s);
  }

  void IngestGenerated(const std::vector<Base>& quotes) {
    for (size_t i = 0; i < quotes.size(); i += 5) {
      std::vector<QuoteSpec> specs;
      for (size_t j = i; j < std::min(i + 5, quotes.size()); ++j) {
        specs.push_back({quotes[j].text, quotes[j].speaker});
      }
      const auto doc = MakeDoc("gen-" + std::to_string(i), "Generated Wire",
                               "2024-06-01", specs);
      ASSERT_STATUS_OK(store_->AddDocument(doc.doc, doc.quotes, nullptr));
    }
  }

  std::unique_ptr<leveldb::Env> env_;
  std::unique_ptr<QuoteStore> store_;
};

// The verb and object of a generated sentence ("will build|the new ferry
// terminal"), or "" for other text.
std::string Core(const std::string& text) {
  for (const std::string& verb : kVerbs) {
    for (const std::string& object : kObjects) {
      if (text.find(" " + verb + " " + object + " ") != std::string::npos) {
        return verb + "|" + object;
      }
    }
  }
  return "";
}

bool IsNovel(const std::string& claim, const std::vector<Base>& bases) {
  const std::string core = Core(claim);
  return !core.empty() &&
         std::none_of(bases.begin(), bases.end(),
                      [&](const Base& b) { return Core(b.text) == core; });
}

std::vector<Case> MakeCases(const std::vector<Base>& bases,
                            const std::vector<std::string>& vocabulary,
                            Random* rng) {
  std::vector<Case> cases;
  std::vector<std::string> names;
  for (const Base& b : bases) names.push_back(b.speaker);
  for (const Base& base : bases) {
    const std::vector<std::string> words = Split(base.text);
    const auto add = [&](CaseKind kind, const std::string& claim,
                         const std::string& speaker) {
      cases.push_back({kind, claim, speaker, base.id, base.from_samples});
    };
    add(CaseKind::kVerbatim, Verbatim(base.text, rng), base.speaker);
    std::string other;
    do {
      other = Pick(rng, names);
    } while (other == base.speaker);
    add(CaseKind::kWrongSpeaker, base.text, other);
    std::string claim;
    if (DropWords(words, 1, rng, &claim)) {
      add(CaseKind::kDropOne, claim, base.speaker);
    }
    if (words.size() >= 12 && DropWords(words, 2, rng, &claim)) {
      add(CaseKind::kDropTwo, claim, base.speaker);
    }
    if (ReplaceOne(words, rng, &claim)) {
      add(CaseKind::kReplaceOne, claim, base.speaker);
    }
    if (ContentPositions(words).size() >= 8 && ReplaceOne(words, rng, &claim) &&
        ReplaceOne(Split(claim), rng, &claim)) {
      add(CaseKind::kReplaceTwo, claim, base.speaker);
    }
    if (Excerpt(words, &claim)) add(CaseKind::kExcerpt, claim, base.speaker);
    if (Reorder(words, &claim)) add(CaseKind::kReorder, claim, base.speaker);
    if (ChangeTense(words, &claim)) add(CaseKind::kTense, claim, base.speaker);
    if (Combined(words, rng, &claim)) {
      add(CaseKind::kCombined, claim, base.speaker);
    }
    if (Paraphrase(words, rng, &claim)) {
      add(CaseKind::kParaphrase, claim, base.speaker);
    }
    // A recombined statement derives from no quote when no stored quote
    // does the same thing to the same object: a verdict of close wording
    // about any quote is then a false positive.
    if (Recombine(base.text, false, rng, &claim) && IsNovel(claim, bases)) {
      cases.push_back({CaseKind::kOtherObject, claim, base.speaker, "", false});
    }
    if (Recombine(base.text, true, rng, &claim) && IsNovel(claim, bases)) {
      cases.push_back({CaseKind::kRecombined, claim, base.speaker, "", false});
    }
  }
  for (int i = 0; i < 40; ++i) {
    cases.push_back({CaseKind::kUnrelated,
                     Pick(rng, kUnrelatedA) + " " + Pick(rng, kUnrelatedB),
                     rng->Uniform(2) ? Pick(rng, names) : "", "", false});
  }
  for (int i = 0; i < 40; ++i) {
    std::vector<std::string> salad;
    const size_t n = 6 + rng->Uniform(5);
    while (salad.size() < n) salad.push_back(Pick(rng, vocabulary));
    cases.push_back({CaseKind::kWordSalad, Join(salad), "", "", false});
  }
  return cases;
}

// A binary score: precision and recall of one decision.
struct Counts {
  int tp = 0;
  int fp = 0;
  int fn = 0;
  double precision() const { return tp + fp ? double(tp) / (tp + fp) : 1; }
  double recall() const { return tp + fn ? double(tp) / (tp + fn) : 1; }
};

// The figures of one set of cases.
struct Tally {
  int cases = 0;
  // Exact or close wording with the right quote first: the claim's words
  // were found.  A verdict about another quote is wrong.
  Counts found;
  // Close wording alone (exact excluded on both sides).
  Counts close;
  std::map<CaseKind, std::pair<int, int>> by_kind;  // right, all
  std::map<std::pair<Verdict, Verdict>, int> confusion;
  int wrong_speaker_cases = 0;
  int wrong_speaker_flagged = 0;
  int right_speaker_cases = 0;
  int right_speaker_flagged = 0;
  std::vector<std::string> misses;

  void Add(const Case& c, const VerifyResult& result) {
    ++cases;
    const bool right_quote = !c.quote_id.empty() && !result.matches.empty() &&
                             result.matches[0].quote.id() == c.quote_id;
    const Verdict expected = ExpectedVerdict(c.kind);
    const Verdict got =
        c.quote_id.empty() || right_quote ? result.verdict : Verdict::kNotFound;
    Score(expected >= Verdict::kCloseWording,
          result.verdict >= Verdict::kCloseWording, right_quote, &found);
    Score(expected == Verdict::kCloseWording,
          result.verdict == Verdict::kCloseWording, right_quote, &close);
    const bool want = expected >= Verdict::kCloseWording;
    const bool right = want == (got >= Verdict::kCloseWording);
    auto& [right_count, all_count] = by_kind[c.kind];
    ++all_count;
    if (right) ++right_count;
    ++confusion[{expected, got}];
    if (!right) {
      const VerifyMatch* best =
          result.matches.empty() ? nullptr : &result.matches[0];
      char score[16];
      std::snprintf(score, sizeof(score), "%.2f",
                    best ? best->comparison.score : 0.0);
      misses.push_back(std::string(CaseName(c.kind)) + ": \"" + c.claim +
                       "\" -> " + VerdictName(result.verdict) + " " + score +
                       (best ? " \"" + best->quote.text() + "\"" : ""));
    }
    if (c.kind == CaseKind::kWrongSpeaker && right_quote) {
      ++wrong_speaker_cases;
      if (result.wrong_speaker) ++wrong_speaker_flagged;
    } else if (want && right_quote && !c.speaker.empty()) {
      ++right_speaker_cases;
      if (result.wrong_speaker) ++right_speaker_flagged;
    }
  }

  static void Score(bool want, bool said, bool right_quote, Counts* counts) {
    if (want && said && right_quote) {
      ++counts->tp;
      return;
    }
    if (said) ++counts->fp;
    if (want) ++counts->fn;
  }

  double WrongSpeakerRate() const {
    return wrong_speaker_cases
               ? double(wrong_speaker_flagged) / wrong_speaker_cases
               : 1;
  }

  void Print(const char* title) const {
    std::printf("\n%s: %d cases\n", title, cases);
    std::printf("  %-24s %s\n", "case", "right/all");
    for (const auto& [kind, counts] : by_kind) {
      std::printf("  %-24s %d/%d\n", CaseName(kind), counts.first,
                  counts.second);
    }
    std::printf(
        "  expected -> given (a verdict about another quote counts "
        "as not_found)\n");
    for (const auto& [pair, count] : confusion) {
      std::printf("    %-14s -> %-14s %d\n", VerdictName(pair.first),
                  VerdictName(pair.second), count);
    }
    std::printf(
        "  close wording or exact, right quote first: precision "
        "%.3f recall %.3f (tp %d fp %d fn %d)\n",
        found.precision(), found.recall(), found.tp, found.fp, found.fn);
    std::printf(
        "  close wording alone: precision %.3f recall %.3f (tp %d "
        "fp %d fn %d)\n",
        close.precision(), close.recall(), close.tp, close.fp, close.fn);
    if (wrong_speaker_cases + right_speaker_cases > 0) {
      std::printf(
          "  wrong speaker said so: %d/%d; right speaker called "
          "wrong: %d/%d\n",
          wrong_speaker_flagged, wrong_speaker_cases, right_speaker_flagged,
          right_speaker_cases);
    }
  }

  void PrintMisses(size_t limit) const {
    for (size_t i = 0; i < misses.size() && i < limit; ++i) {
      std::printf("  wrong: %s\n", misses[i].c_str());
    }
  }
};

TEST_F(VerifyEvalTest, MisquotesOfTheProjectsOwnQuotes) {
  IngestSamples();
  Random rng(20240601);
  std::vector<Base> generated = GeneratedQuotes(&rng);
  IngestGenerated(generated);

  // The bases: every stored quote with a named speaker and at least four
  // content words (shorter ones cannot lose a word and stay recognisable).
  std::vector<Base> bases;
  std::set<std::string> vocabulary_set;
  size_t from_samples = 0;
  for (const Quote& quote : RunQuery(store_.get(), QuoteQuery())) {
    for (const std::string& w : Split(quote.text())) {
      const std::string bare = Bare(w);
      if (bare.size() > 3 && !IsFunctionWordLower(bare)) {
        vocabulary_set.insert(bare);
      }
    }
    if (quote.speaker().speaker_id().empty()) continue;
    if (ContentPositions(Split(quote.text())).size() < 4) continue;
    const bool sample = quote.sources(0).doc_id().rfind("gen-", 0) != 0;
    bases.push_back({quote.id(), quote.text(), quote.speaker().name(), sample});
    if (sample) ++from_samples;
  }
  const std::vector<std::string> vocabulary(vocabulary_set.begin(),
                                            vocabulary_set.end());
  const std::vector<Case> cases = MakeCases(bases, vocabulary, &rng);

  Tally main_set;  // the misquotes, paraphrases and unrelated claims
  Tally stress;    // statements recombined from generated quotes' parts
  Tally samples;   // the main set's cases derived from the sample articles
  Tally all;
  for (const Case& c : cases) {
    VerifyRequest request;
    request.text = c.claim;
    request.speaker = c.speaker;
    VerifyResult result;
    ASSERT_STATUS_OK(store_->Verify(request, &result));
    const bool recombined =
        c.kind == CaseKind::kOtherObject || c.kind == CaseKind::kRecombined;
    (recombined ? stress : main_set).Add(c, result);
    if (!recombined && c.from_samples) samples.Add(c, result);
    all.Add(c, result);
  }

  std::printf(
      "verify evaluation: %zu cases from %zu stored quotes (%zu "
      "extracted from samples/news.jsonl, %zu generated)\n",
      cases.size(), bases.size(), from_samples, bases.size() - from_samples);
  main_set.Print("misquotes, paraphrases and unrelated claims");
  samples.Print("of which derived from samples/news.jsonl");
  stress.Print("recombined statements (another object; nobody said them)");
  all.Print("all cases");
  main_set.PrintMisses(40);
  stress.PrintMisses(10);

  // Floors under the figures measured when the test was written (see the
  // printed output): a drop means verify got worse.
  EXPECT_GE(main_set.cases, 200);
  EXPECT_GE(from_samples, 20u);
  EXPECT_GE(main_set.found.precision(), 0.97);
  EXPECT_GE(main_set.found.recall(), 0.97);
  EXPECT_GE(main_set.close.precision(), 0.97);
  EXPECT_GE(main_set.close.recall(), 0.94);
  EXPECT_GE(main_set.WrongSpeakerRate(), 0.95);
  EXPECT_EQ(main_set.right_speaker_flagged, 0);
  EXPECT_GE(samples.found.precision(), 0.97);
  EXPECT_GE(samples.found.recall(), 0.95);
  // Recombined statements called close wording (a false positive each).
  EXPECT_LE(stress.found.fp, stress.cases / 8);
}

}  // namespace
}  // namespace quotes
