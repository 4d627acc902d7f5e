// Copyright The Quote Tracker Authors.
//
// Extraction speed, by stage, in bytes of article text per second:
//
//   BM_Quotations     text -> paragraphs and quotation spans, the first
//                     part of BM_Tokenize
//   BM_Tokenize       text -> paragraphs, quotations, tokens and tags
//                     (sentences end as the words are read: one pass)
//   BM_RuleCascade    tags -> candidates (RE2 rules, claims)
//   BM_Resolve        candidates -> speakers
//   BM_Emit           candidates -> Quote records
//   BM_Extract        all of it, as Extractor::Extract
//   BM_ExtractOneLongParagraph/N   one paragraph of N quoted sentences:
//                     its rate must not fall as N grows
//   BM_ExtractRefusedAppositions/N   one sentence of N appositions before
//                     a cue its subject does not fit: nor must this one
//   BM_QuoteTerms     the extracted quotes -> the words and stems they add
//                     to the store's indexes (TermsOf, which ingest's
//                     extraction threads run beside Extract)
//   BM_QuoteSerialize / BM_QuoteParse   the records themselves
//
// Input: the first 4 MiB of article texts of
// ../shared/corpus/bbc_reuters.jsonl.gz when it is there (set
// QUOTES_SHARED_DIR to find it elsewhere), else generated news-like text;
// the label of each benchmark says which.  QUOTES_BENCH_MIB=N reads the
// first N MiB instead, and QUOTES_BENCH_MIB=0 all of the corpus (21.7 MB of
// text; 4 MiB of generated text when there is no corpus).  Run:
//   bazel run -c opt //bench:extract_bench -- --benchmark_min_time=2

#include <benchmark/benchmark.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "proto/quote.pb.h"
#include "quotes/extractor.h"
#include "quotes/extractor_impl.h"
#include "storage/quote_store.h"

namespace quotes {
namespace {

// The bytes of article text to read: QUOTES_BENCH_MIB, else 4 MiB.
size_t CorpusLimit() {
  const char* mib = std::getenv("QUOTES_BENCH_MIB");
  if (mib == nullptr || *mib == '\0') return size_t{4} << 20;
  char* end = nullptr;
  const unsigned long long n = std::strtoull(mib, &end, 10);
  if (*end != '\0' || n > (1u << 20)) {
    std::fprintf(stderr, "QUOTES_BENCH_MIB is not a number of MiB: %s\n", mib);
    std::exit(2);
  }
  return n == 0 ? SIZE_MAX : static_cast<size_t>(n) << 20;
}

// Reads article texts from the gzip'd corpus through zcat, as many as fit
// in "limit" bytes.
bool ReadCorpus(std::vector<Document>* docs, size_t limit) {
  std::vector<std::string> candidates;
  if (const char* dir = std::getenv("QUOTES_SHARED_DIR")) {
    candidates.push_back(std::string(dir) + "/corpus/bbc_reuters.jsonl.gz");
  }
  if (const char* ws = std::getenv("BUILD_WORKSPACE_DIRECTORY")) {
    candidates.push_back(std::string(ws) +
                         "/../shared/corpus/bbc_reuters.jsonl.gz");
  }
  candidates.push_back("../shared/corpus/bbc_reuters.jsonl.gz");
  for (const std::string& path : candidates) {
    FILE* probe = std::fopen(path.c_str(), "rb");
    if (probe == nullptr) continue;
    std::fclose(probe);
    FILE* in = popen(("zcat '" + path + "'").c_str(), "r");
    if (in == nullptr) continue;
    std::string line;
    size_t total = 0;
    char buf[1 << 16];
    while (total < limit && std::fgets(buf, sizeof(buf), in) != nullptr) {
      line.append(buf);
      if (line.empty() || line.back() != '\n') continue;
      google::protobuf::Struct doc;
      google::protobuf::util::JsonParseOptions options;
      options.ignore_unknown_fields = true;
      if (google::protobuf::util::JsonStringToMessage(line, &doc, options)
              .ok()) {
        Document d;
        d.set_doc_id(doc.fields().at("doc_id").string_value());
        d.set_text(doc.fields().at("text").string_value());
        total += d.text().size();
        docs->push_back(std::move(d));
      }
      line.clear();
    }
    pclose(in);
    if (!docs->empty()) return true;
  }
  return false;
}

// News-like text of the project's own, from a fixed seed.
void GenerateCorpus(std::vector<Document>* docs, size_t limit) {
  static const char* const kSentences[] = {
      "Health Minister Ana Ortiz said the clinics would open in March.",
      "\"We are ready to start,\" Ortiz told reporters on Friday.",
      "The ministry welcomed the plan, saying it would cut waiting lists.",
      "Critics say the budget is too small for a region of this size.",
      "The council met on Monday to discuss the pier and the harbour.",
      "According to the mayor, repairs will take at least two years.",
      "She added that the funding was secured until the end of 2027.",
      "Residents queued outside the town hall for most of the morning.",
  };
  std::mt19937 rng(1);
  size_t total = 0;
  int n = 0;
  while (total < limit) {
    Document d;
    d.set_doc_id("generated-" + std::to_string(n++));
    std::string text;
    for (int p = 0; p < 8; ++p) {
      for (int s = 0; s < 3; ++s) {
        text += kSentences[rng() % 8];
        text += ' ';
      }
      text += "\n\n";
    }
    total += text.size();
    d.set_text(std::move(text));
    docs->push_back(std::move(d));
  }
}

struct Fixture {
  std::vector<Document> docs;
  size_t bytes = 0;
  std::string label;
  std::unique_ptr<Extractor> extractor;
  const ExtractorImpl* impl = nullptr;

  static const Fixture& Get() {
    static const Fixture* f = [] {
      auto* f = new Fixture;
      const size_t limit = CorpusLimit();
      f->label = ReadCorpus(&f->docs, limit) ? "bbc_reuters" : "generated text";
      if (f->docs.empty()) {
        GenerateCorpus(&f->docs, limit == SIZE_MAX ? size_t{4} << 20 : limit);
      }
      for (const Document& d : f->docs) f->bytes += d.text().size();
      Status s = Extractor::Create({}, &f->extractor);
      if (!s.ok()) {
        std::fprintf(stderr, "%s\n", s.ToString().c_str());
        std::abort();
      }
      // Create always makes an ExtractorImpl.
      f->impl = static_cast<const ExtractorImpl*>(f->extractor.get());
      return f;
    }();
    return *f;
  }
};

void Finish(benchmark::State& state, const Fixture& f) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(f.bytes));
  state.SetLabel(f.label);
}

void BM_Quotations(benchmark::State& state) {
  const Fixture& f = Fixture::Get();
  std::vector<Quotation> quotations;
  size_t n = 0;
  for (auto _ : state) {
    n = 0;
    for (const Document& d : f.docs) {
      f.impl->tokenizer().FindQuotations(d.text(), &quotations);
      n += quotations.size();
    }
    benchmark::DoNotOptimize(quotations.data());
  }
  Finish(state, f);
  state.counters["quotations"] = static_cast<double>(n);
}
BENCHMARK(BM_Quotations)->Unit(benchmark::kMillisecond);

void BM_Tokenize(benchmark::State& state) {
  const Fixture& f = Fixture::Get();
  TokenizedText tt;
  for (auto _ : state) {
    for (const Document& d : f.docs) f.impl->Tokenize(d.text(), &tt);
    benchmark::DoNotOptimize(tt.tags.data());
  }
  Finish(state, f);
}
BENCHMARK(BM_Tokenize)->Unit(benchmark::kMillisecond);

// The tags of every document, made once, for the later stages.
const std::vector<TokenizedText>& Tagged() {
  static const auto* all = [] {
    const Fixture& f = Fixture::Get();
    auto* v = new std::vector<TokenizedText>(f.docs.size());
    for (size_t i = 0; i < f.docs.size(); ++i) {
      f.impl->Tokenize(f.docs[i].text(), &(*v)[i]);
    }
    return v;
  }();
  return *all;
}

void BM_RuleCascade(benchmark::State& state) {
  const Fixture& f = Fixture::Get();
  const auto& tagged = Tagged();
  std::vector<Candidate> cands;
  for (auto _ : state) {
    for (const TokenizedText& tt : tagged) {
      cands.clear();
      f.impl->RunRules(tt, &cands);
    }
    benchmark::DoNotOptimize(cands.data());
  }
  Finish(state, f);
}
BENCHMARK(BM_RuleCascade)->Unit(benchmark::kMillisecond);

// Candidates of every document, made once.
const std::vector<std::vector<Candidate>>& Candidates() {
  static const auto* all = [] {
    const Fixture& f = Fixture::Get();
    const auto& tagged = Tagged();
    auto* v = new std::vector<std::vector<Candidate>>(tagged.size());
    for (size_t i = 0; i < tagged.size(); ++i) {
      f.impl->RunRules(tagged[i], &(*v)[i]);
    }
    return v;
  }();
  return *all;
}

void BM_Resolve(benchmark::State& state) {
  const Fixture& f = Fixture::Get();
  const auto& tagged = Tagged();
  const auto& all = Candidates();
  for (auto _ : state) {
    for (size_t i = 0; i < tagged.size(); ++i) {
      std::vector<Candidate> cands = all[i];
      f.impl->Resolve(tagged[i], &cands);
      benchmark::DoNotOptimize(cands.data());
    }
  }
  Finish(state, f);
}
BENCHMARK(BM_Resolve)->Unit(benchmark::kMillisecond);

void BM_Emit(benchmark::State& state) {
  const Fixture& f = Fixture::Get();
  const auto& tagged = Tagged();
  std::vector<std::vector<Candidate>> resolved = Candidates();
  for (size_t i = 0; i < tagged.size(); ++i) {
    f.impl->Resolve(tagged[i], &resolved[i]);
  }
  for (auto _ : state) {
    for (size_t i = 0; i < tagged.size(); ++i) {
      for (const Candidate& c : resolved[i]) {
        if (c.action == Rule::SUPPRESS) continue;
        Quote q;
        f.impl->Emit(f.docs[i], tagged[i], c, &q);
        benchmark::DoNotOptimize(q.text().data());
      }
    }
  }
  Finish(state, f);
}
BENCHMARK(BM_Emit)->Unit(benchmark::kMillisecond);

void BM_Extract(benchmark::State& state) {
  const Fixture& f = Fixture::Get();
  std::vector<Quote> quotes;
  size_t n = 0;
  for (auto _ : state) {
    n = 0;
    for (const Document& d : f.docs) {
      quotes.clear();
      Status s = f.extractor->Extract(d, &quotes);
      if (!s.ok()) state.SkipWithError(s.ToString().c_str());
      n += quotes.size();
    }
  }
  Finish(state, f);
  state.counters["quotes"] = static_cast<double>(n);
}
BENCHMARK(BM_Extract)->Unit(benchmark::kMillisecond);

// One paragraph of N sentences, each a quote ("Ortiz said the pier was
// safe.") or an acronym speaker never written out ("XQZ said ..."): the
// cost per byte must not grow with N (no work per match over the whole
// paragraph, no scan per acronym over the whole document).  Compare the
// rates of the two sizes.
// Extracts the quotes of one document "text" for every iteration of
// "state", which reports bytes of text a second and the quotes found.
void ExtractOneDocument(benchmark::State& state, const std::string& text) {
  Document doc;
  doc.set_doc_id("one");
  doc.set_text(text);
  const Fixture& f = Fixture::Get();
  std::vector<Quote> quotes;
  for (auto _ : state) {
    quotes.clear();
    Status s = f.extractor->Extract(doc, &quotes);
    if (!s.ok()) state.SkipWithError(s.ToString().c_str());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(text.size()));
  state.counters["quotes"] = static_cast<double>(quotes.size());
}

void BM_ExtractOneLongParagraph(benchmark::State& state) {
  std::string text;
  for (int64_t i = 0; i < state.range(0); ++i) {
    text += i % 2 == 0 ? "Ortiz said the pier was safe and sound. "
                       : "XQZ said the ferry would run all winter. ";
  }
  ExtractOneDocument(state, text);
}
BENCHMARK(BM_ExtractOneLongParagraph)
    ->Arg(2000)
    ->Arg(50000)
    ->Unit(benchmark::kMillisecond);

// One sentence of N appositions before a cue its subject does not fit
// ("the analyst, the analyst, ... say ..."): a match refused for its
// subject is retried once, not once for each apposition.  Compare the
// rates of the two sizes.
void BM_ExtractRefusedAppositions(benchmark::State& state) {
  std::string text;
  for (int64_t i = 0; i < state.range(0); ++i) text += "the analyst, ";
  text += "say the plan is costly and will fail.";
  ExtractOneDocument(state, text);
}
BENCHMARK(BM_ExtractRefusedAppositions)
    ->Arg(2000)
    ->Arg(32000)
    ->Unit(benchmark::kMillisecond);

// One run-on sentence of N clauses with a quote each ("..., Ames said,
// and ..."), and N clauses with no stop at all: the tokenizer cuts a
// run-on sentence (Tokenizer::kLongSentence), so the rules' scans do not
// read the whole sentence once a match.  Compare the rates of the two
// sizes: before the cut, 10,000 clauses took 14 s and 40,000 took 227 s.
void BM_ExtractRunOnSentence(benchmark::State& state) {
  static const char* const kNames[] = {"Ames", "Brandt", "Okafor", "Lind"};
  std::string text = "The plan would help farmers, Ortiz said";
  for (int64_t i = 0; i < state.range(0); ++i) {
    text += ", and the pier would open in May, ";
    text += kNames[i % 4];
    text += " said";
  }
  text += ".";
  ExtractOneDocument(state, text);
}
BENCHMARK(BM_ExtractRunOnSentence)
    ->Arg(500)
    ->Arg(8000)
    ->Unit(benchmark::kMillisecond);

void BM_ExtractNoStops(benchmark::State& state) {
  std::string text;
  for (int64_t i = 0; i < state.range(0); ++i) {
    text += "the pier would open in May as Ortiz said that ";
  }
  ExtractOneDocument(state, text);
}
BENCHMARK(BM_ExtractNoStops)
    ->Arg(500)
    ->Arg(8000)
    ->Unit(benchmark::kMillisecond);

void BM_QuoteTerms(benchmark::State& state) {
  const Fixture& f = Fixture::Get();
  std::vector<Quote> quotes;
  for (const Document& d : f.docs) {
    std::vector<Quote> more;
    if (f.extractor->Extract(d, &more).ok()) {
      for (Quote& q : more) quotes.push_back(std::move(q));
    }
  }
  size_t terms = 0;
  for (auto _ : state) {
    terms = 0;
    for (const Quote& q : quotes) {
      const QuoteTerms t = TermsOf(q);
      terms += t.words.size() + t.stems.size();
    }
  }
  Finish(state, f);
  state.counters["quotes"] = static_cast<double>(quotes.size());
  state.counters["terms"] = static_cast<double>(terms);
}
BENCHMARK(BM_QuoteTerms)->Unit(benchmark::kMillisecond);

// Records: a quote of the size the extractor makes, to and from the wire.
Quote SampleQuote() {
  const Fixture& f = Fixture::Get();
  std::vector<Quote> quotes;
  for (const Document& d : f.docs) {
    if (f.extractor->Extract(d, &quotes).ok() && !quotes.empty()) break;
  }
  return quotes.empty() ? Quote() : quotes.front();
}

void BM_QuoteSerialize(benchmark::State& state) {
  const Quote q = SampleQuote();
  std::string wire;
  for (auto _ : state) {
    wire.clear();
    q.SerializeToString(&wire);
    benchmark::DoNotOptimize(wire.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(q.ByteSizeLong()));
}
BENCHMARK(BM_QuoteSerialize);

void BM_QuoteParse(benchmark::State& state) {
  const std::string wire = SampleQuote().SerializeAsString();
  Quote q;
  for (auto _ : state) {
    q.ParseFromString(wire);
    benchmark::DoNotOptimize(q.text().data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(wire.size()));
}
BENCHMARK(BM_QuoteParse);

}  // namespace
}  // namespace quotes

BENCHMARK_MAIN();
