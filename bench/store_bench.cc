// Copyright The Quote Tracker Authors.
//
// Benchmarks of the quote store on the real file system: ingest rate
// (documents/s and quotes/s, one document a write with AddDocument and 64
// a write with AddDocuments, as quotes ingest writes) and query latency
// by speaker, by words and by time, for stores of 10^4 and 10^5 quotes
// (10^6 on request).  Every query benchmark times each query and reports its
// latency percentiles as counters (p50_us, p99_us); at the end one line a
// benchmark sums them up on stdout, db_bench style:
//
//   latency BM_NewestOfSpeaker/1000000 : p50 0.210 ms; p99 0.480 ms; ...
//
//   bazel run -c opt //bench:store_bench
//   bazel run -c opt //bench:store_bench -- --store_bench_sizes=1000000
//
// --store_bench_sizes takes a comma-separated list of store sizes in
// quotes (default 10000,100000); --store_bench_dir the parent directory of
// the scratch stores (default $TEST_TMPDIR or /tmp).  Other flags go to
// Google Benchmark.  The corpus is synthetic and deterministic: skewed
// word and speaker frequencies (the most quoted speaker has about 8% of
// the quotes), one quote in five repeated from another outlet, dates over
// ten years.

#include <benchmark/benchmark.h>
#include <stdlib.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "proto/quote.pb.h"
#include "storage/quote_store.h"
#include "tests/random.h"

namespace quotes {
namespace {

constexpr int kQuotesPerDoc = 10;
constexpr int kVocabulary = 20000;
constexpr int kSpeakers = 2000;
constexpr size_t kPageSize = 20;
// Documents a write when a store is built as quotes ingest builds it.
constexpr int64_t kIngestBatch = 64;
// The page of the latency target: the newest 50 quotes of a speaker.
constexpr size_t kNewestPage = 50;

std::vector<int64_t> g_sizes = {10000, 100000};
std::string g_dir;

using testing_util::Random;

// In [0, n), skewed towards 0, roughly Zipf-like: a few values are very
// common.
int Skewed(Random* rng, int n) {
  const double u = rng->Unit();
  return static_cast<int>(n * u * u * u);
}

std::string Word(int i) {
  static const char* const kSyllables[] = {"ka", "lo", "mi", "ne", "ru",
                                           "sa", "ti", "vo", "be", "da"};
  std::string word;
  do {
    word += kSyllables[i % 10];
    i /= 10;
  } while (i > 0);
  return word;
}

std::string SpeakerName(int i) {
  std::string first = Word(i % 97 + 100);
  std::string last = Word(i + 1000);
  first[0] = static_cast<char>(first[0] - 'a' + 'A');
  last[0] = static_cast<char>(last[0] - 'a' + 'A');
  return first + " " + last;
}

// The latency of each timed query, summed up as percentiles.
class Latencies {
 public:
  // Times one call of "fn": the wall time, and the processor time of this
  // thread.  On a machine shared with other work the two part ways when
  // the query waits for a processor: a wall p99 far above the processor
  // p99 is the machine's load, not the store.
  template <typename Fn>
  void Time(Fn fn) {
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = ThreadCpuMicros();
    fn();
    cpu_micros_.push_back(ThreadCpuMicros() - cpu_start);
    micros_.push_back(std::chrono::duration<double, std::micro>(
                          std::chrono::steady_clock::now() - start)
                          .count());
  }

  // Sets the p50_us and p99_us counters of "state" (wall time; cpu_p99_us
  // for the processor time) and keeps a line for the summary, under
  // "name" (the benchmark's, with its arguments) and with "detail" at its
  // end.
  void Report(benchmark::State& state, const std::string& name,
              const std::string& detail = "") {
    if (micros_.empty()) return;
    std::sort(micros_.begin(), micros_.end());
    std::sort(cpu_micros_.begin(), cpu_micros_.end());
    const double p50 = At(micros_, 0.50), p99 = At(micros_, 0.99);
    const double cpu_p50 = At(cpu_micros_, 0.50);
    const double cpu_p99 = At(cpu_micros_, 0.99);
    state.counters["p50_us"] = p50;
    state.counters["p99_us"] = p99;
    state.counters["cpu_p99_us"] = cpu_p99;
    char line[512];
    snprintf(line, sizeof(line),
             "latency %s : p50 %.3f ms; p99 %.3f ms; max %.3f ms; "
             "processor time p50 %.3f ms, p99 %.3f ms; %zu queries%s%s\n",
             name.c_str(), p50 / 1000, p99 / 1000, micros_.back() / 1000,
             cpu_p50 / 1000, cpu_p99 / 1000, micros_.size(),
             detail.empty() ? "" : "; ", detail.c_str());
    // Google Benchmark runs a benchmark several times while it settles the
    // iteration count: the last run, the longest, is the one kept.
    auto& summary = Summary();
    const auto same = [&](const std::pair<std::string, std::string>& e) {
      return e.first == name;
    };
    const auto it = std::find_if(summary.begin(), summary.end(), same);
    if (it != summary.end()) {
      it->second = line;
    } else {
      summary.emplace_back(name, line);
    }
  }

  // (benchmark name, summary line), in the order the benchmarks ran.
  static std::vector<std::pair<std::string, std::string>>& Summary() {
    static auto* lines = new std::vector<std::pair<std::string, std::string>>;
    return *lines;
  }

 private:
  static double ThreadCpuMicros() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
  }

  // The value at quantile "q" of "sorted" (nearest rank).
  static double At(const std::vector<double>& sorted, double q) {
    const size_t rank = static_cast<size_t>(std::ceil(q * sorted.size()));
    return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
  }

  std::vector<double> micros_;
  std::vector<double> cpu_micros_;
};

struct Corpus {
  std::vector<Document> docs;
  std::vector<std::vector<Quote>> quotes;
};

// A word as a text may hold it: the base form mostly, an inflected one
// ("kalos", "kaloed", "kaloing") at times, as the forms of one English
// word share a stem in the store.
std::string Form(Random* rng, int i) {
  const int r = rng->Uniform(100);
  return Word(i) + (r < 85 ? "" : r < 95 ? "s" : r < 99 ? "ed" : "ing");
}

Quote MakeQuote(Random* rng, const std::string& doc_id) {
  Quote quote;
  const int words = 8 + rng->Uniform(13);
  std::string text;
  for (int w = 0; w < words; ++w) {
    if (!text.empty()) text += ' ';
    text += Form(rng, Skewed(rng, kVocabulary));
  }
  quote.set_text(text);
  quote.set_kind(rng->Uniform(3) == 0 ? INDIRECT : DIRECT);
  SpeakerRef* speaker = quote.mutable_speaker();
  speaker->set_name(SpeakerName(Skewed(rng, kSpeakers)));
  speaker->set_type(PERSON);
  speaker->set_mention(speaker->name());
  speaker->set_resolution(NAME);
  quote.add_sources()->set_doc_id(doc_id);
  return quote;
}

// Documents of kQuotesPerDoc quotes; one quote in five repeats an earlier
// one (the same words and speaker from another outlet).
Corpus MakeCorpus(int64_t quotes) {
  static const char* const kOutlets[] = {"Reuters", "AP", "AFP", "BBC",
                                         "The Guardian"};
  Random rng(42);
  Corpus corpus;
  std::vector<Quote> recent;
  for (int64_t d = 0; d * kQuotesPerDoc < quotes; ++d) {
    Document doc;
    doc.set_doc_id("doc" + std::to_string(d));
    doc.set_outlet(kOutlets[rng.Uniform(5)]);
    char date[16];
    snprintf(date, sizeof(date), "%04d-%02d-%02d",
             static_cast<int>(2015 + rng.Uniform(10)),
             static_cast<int>(1 + rng.Uniform(12)),
             static_cast<int>(1 + rng.Uniform(28)));
    doc.set_published(date);
    std::vector<Quote> doc_quotes;
    std::string text;
    for (int q = 0; q < kQuotesPerDoc; ++q) {
      Quote quote = (!recent.empty() && rng.Uniform(5) == 0)
                        ? recent[rng.Uniform(recent.size())]
                        : MakeQuote(&rng, doc.doc_id());
      text += quote.speaker().name() + " said: \"" + quote.text() + "\".\n";
      if (recent.size() < 1000) {
        recent.push_back(quote);
      } else {
        recent[rng.Uniform(recent.size())] = quote;
      }
      doc_quotes.push_back(std::move(quote));
    }
    doc.set_text(text);
    corpus.docs.push_back(std::move(doc));
    corpus.quotes.push_back(std::move(doc_quotes));
  }
  return corpus;
}

struct Shared {
  std::string path;
  std::unique_ptr<QuoteStore> store;
};

std::map<int64_t, Shared>& Stores() {
  static auto* stores = new std::map<int64_t, Shared>;
  return *stores;
}

std::string NewStorePath(int64_t size) {
  std::string pattern = g_dir + "/store_bench_XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) return {};
  return pattern + "/q" + std::to_string(size);
}

// Ingests a corpus of "size" quotes into a new store, "batch" documents a
// write (1: AddDocument, more: AddDocuments, as ingest writes); returns
// false and sets *error on failure.
bool Build(int64_t size, const Corpus& corpus, int64_t batch, Shared* shared,
           std::string* error) {
  shared->path = NewStorePath(size);
  Status s =
      QuoteStore::Open(QuoteStore::Options(), shared->path, &shared->store);
  std::vector<QuoteStore::DocumentQuotes> docs;
  for (size_t d = 0; s.ok() && d < corpus.docs.size(); ++d) {
    if (batch <= 1) {
      s = shared->store->AddDocument(corpus.docs[d], corpus.quotes[d], nullptr);
      continue;
    }
    docs.push_back({&corpus.docs[d], &corpus.quotes[d]});
    if (static_cast<int64_t>(docs.size()) == batch ||
        d + 1 == corpus.docs.size()) {
      s = shared->store->AddDocuments(docs, nullptr);
      docs.clear();
    }
  }
  if (!s.ok()) *error = s.ToString();
  return s.ok();
}

QuoteStore* StoreOf(benchmark::State& state) {
  const int64_t size = state.range(0);
  Shared& shared = Stores()[size];
  if (shared.store == nullptr) {
    std::string error;
    if (!Build(size, MakeCorpus(size), kIngestBatch, &shared, &error)) {
      state.SkipWithError(error.c_str());
      return nullptr;
    }
  }
  return shared.store.get();
}

// Reads the first page of "query" ("page" quotes at most); returns the
// quotes read.
size_t FirstPage(QuoteStore* store, const QuoteQuery& query,
                 size_t page = kPageSize) {
  std::unique_ptr<QuoteIterator> it;
  size_t n = 0;
  if (!store->NewQuoteIterator(query, "", &it).ok()) return 0;
  for (; it->Valid() && n < page; it->Next()) {
    benchmark::DoNotOptimize(it->quote().id());
    ++n;
  }
  return n;
}

// The second argument is the documents a write: 1 (AddDocument) or
// kIngestBatch (AddDocuments, as quotes ingest writes).
void BM_AddDocument(benchmark::State& state) {
  const int64_t size = state.range(0);
  const Corpus corpus = MakeCorpus(size);
  int64_t quotes = 0;
  for (auto _ : state) {
    Shared shared;
    std::string error;
    if (!Build(size, corpus, state.range(1), &shared, &error)) {
      state.SkipWithError(error.c_str());
      return;
    }
    quotes += size;
    StoreStats stats;
    if (shared.store->GetStats(&stats).ok()) {
      state.counters["distinct_quotes"] = stats.quotes;
      state.counters["speakers"] = stats.speakers;
    }
    // Keep the store for the query benchmarks.
    Stores()[size] = std::move(shared);
  }
  state.counters["docs/s"] = benchmark::Counter(
      static_cast<double>(quotes / kQuotesPerDoc), benchmark::Counter::kIsRate);
  state.counters["quotes/s"] = benchmark::Counter(static_cast<double>(quotes),
                                                  benchmark::Counter::kIsRate);
}

// Alternates a frequent speaker (by surname), a mid one (full name) and a
// rare one (with a title), since the driving list's length varies with
// each.
void BM_QueryBySpeaker(benchmark::State& state) {
  QuoteStore* store = StoreOf(state);
  if (store == nullptr) return;
  const std::string names[] = {
      std::string(SpeakerName(0)).substr(SpeakerName(0).find(' ') + 1),
      SpeakerName(200), "President " + SpeakerName(1500)};
  size_t i = 0;
  size_t read = 0;
  Latencies latencies;
  for (auto _ : state) {
    QuoteQuery query;
    query.speaker = names[i++ % 3];
    latencies.Time([&] { read += FirstPage(store, query); });
  }
  state.counters["quotes/query"] =
      static_cast<double>(read) / state.iterations();
  latencies.Report(state,
                   "BM_QueryBySpeaker/" + std::to_string(state.range(0)));
}

// The latency target: the newest 50 quotes of the most quoted speaker
// (about 8% of all quotes), by full name.
void BM_NewestOfSpeaker(benchmark::State& state) {
  QuoteStore* store = StoreOf(state);
  if (store == nullptr) return;
  QuoteQuery query;
  query.speaker = SpeakerName(0);
  size_t read = 0;
  Latencies latencies;
  for (auto _ : state) {
    latencies.Time([&] { read += FirstPage(store, query, kNewestPage); });
  }
  state.counters["quotes/query"] =
      static_cast<double>(read) / state.iterations();
  latencies.Report(state,
                   "BM_NewestOfSpeaker/" + std::to_string(state.range(0)),
                   "speaker " + query.speaker);
}

// The word queries, by the second argument: a frequent word with a rarer
// one, two rare words, a phrase of the two most frequent words (which
// are seldom adjacent: many candidates fail the phrase check), the rarest
// form of the most frequent word (one time in a hundred), and a form of
// it that no quote holds.
constexpr int64_t kWordQueries = 5;
std::string WordQuery(int64_t which) {
  switch (which) {
    case 0:
      return Word(1) + " " + Word(300);
    case 1:
      return Word(2000) + " " + Word(900);
    case 2:
      return "\"" + Word(0) + " " + Word(1) + "\"";
    case 3:
      return Word(0) + "ing";
    default:
      return Word(0) + "ings";
  }
}

void BM_QueryByWords(benchmark::State& state) {
  QuoteStore* store = StoreOf(state);
  if (store == nullptr) return;
  QuoteQuery query;
  query.words = WordQuery(state.range(1));
  size_t read = 0;
  Latencies latencies;
  for (auto _ : state) {
    latencies.Time([&] { read += FirstPage(store, query); });
  }
  state.SetLabel(query.words);
  state.counters["quotes/query"] =
      static_cast<double>(read) / state.iterations();
  latencies.Report(state,
                   "BM_QueryByWords/" + std::to_string(state.range(0)) + "/" +
                       std::to_string(state.range(1)),
                   "words " + query.words);
}

// The newest quotes of one year: the time index, seeking into the range.
void BM_QueryByDate(benchmark::State& state) {
  QuoteStore* store = StoreOf(state);
  if (store == nullptr) return;
  size_t read = 0;
  Latencies latencies;
  for (auto _ : state) {
    QuoteQuery query;
    query.since = query.until = "2019";
    latencies.Time([&] { read += FirstPage(store, query); });
  }
  state.counters["quotes/query"] =
      static_cast<double>(read) / state.iterations();
  latencies.Report(state, "BM_QueryByDate/" + std::to_string(state.range(0)));
}

// Ten pages of a speaker's quotes, each resumed from the previous cursor.
void BM_PageThroughSpeaker(benchmark::State& state) {
  QuoteStore* store = StoreOf(state);
  if (store == nullptr) return;
  QuoteQuery query;
  query.speaker = SpeakerName(0);
  size_t read = 0;
  for (auto _ : state) {
    std::string cursor;
    for (int page = 0; page < 10; ++page) {
      std::unique_ptr<QuoteIterator> it;
      if (!store->NewQuoteIterator(query, cursor, &it).ok()) break;
      size_t n = 0;
      for (; it->Valid() && n < kPageSize; it->Next(), ++n) {
        cursor = it->cursor();
      }
      read += n;
      if (n < kPageSize) break;
    }
  }
  state.counters["quotes/iter"] =
      static_cast<double>(read) / state.iterations();
}

void RegisterAll() {
  for (const int64_t size : g_sizes) {
    for (const int64_t batch : {int64_t{1}, kIngestBatch}) {
      benchmark::RegisterBenchmark("BM_AddDocument", BM_AddDocument)
          ->Args({size, batch})
          ->Iterations(1)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
    }
  }
  for (const int64_t size : g_sizes) {
    for (int64_t which = 0; which < kWordQueries; ++which) {
      benchmark::RegisterBenchmark("BM_QueryByWords", BM_QueryByWords)
          ->Args({size, which})
          ->Unit(benchmark::kMicrosecond);
    }
  }
  for (const auto& [name, fn] :
       std::vector<std::pair<const char*, void (*)(benchmark::State&)>>{
           {"BM_NewestOfSpeaker", BM_NewestOfSpeaker},
           {"BM_QueryBySpeaker", BM_QueryBySpeaker},
           {"BM_QueryByDate", BM_QueryByDate},
           {"BM_PageThroughSpeaker", BM_PageThroughSpeaker}}) {
    for (const int64_t size : g_sizes) {
      benchmark::RegisterBenchmark(name, fn)->Arg(size)->Unit(
          benchmark::kMicrosecond);
    }
  }
}

// Removes and applies this binary's own flags; leaves the rest.
bool ParseFlags(int* argc, char** argv) {
  const char* tmp = getenv("TEST_TMPDIR");
  g_dir = tmp != nullptr ? tmp : "/tmp";
  int kept = 1;
  for (int i = 1; i < *argc; ++i) {
    const char* arg = argv[i];
    if (strncmp(arg, "--store_bench_sizes=", 20) == 0) {
      g_sizes.clear();
      for (const char* p = arg + 20; *p != '\0';) {
        char* end = nullptr;
        const long long size = strtoll(p, &end, 10);
        if (end == p || size <= 0) return false;
        g_sizes.push_back(size);
        p = *end == ',' ? end + 1 : end;
      }
    } else if (strncmp(arg, "--store_bench_dir=", 18) == 0) {
      g_dir = arg + 18;
    } else {
      argv[kept++] = argv[i];
    }
  }
  *argc = kept;
  return !g_sizes.empty();
}

void RemoveStores() {
  for (auto& [size, shared] : Stores()) {
    shared.store.reset();
    std::error_code ignored;
    std::filesystem::remove_all(
        std::filesystem::path(shared.path).parent_path(), ignored);
  }
}

}  // namespace
}  // namespace quotes

int main(int argc, char** argv) {
  if (!quotes::ParseFlags(&argc, argv)) {
    fprintf(stderr, "store_bench: bad --store_bench_sizes\n");
    return 2;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  quotes::RegisterAll();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  for (const auto& [name, line] : quotes::Latencies::Summary()) {
    fputs(line.c_str(), stdout);
  }
  quotes::RemoveStores();
  return 0;
}
