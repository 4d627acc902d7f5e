// Copyright The Quote Tracker Authors.
//
// Latency of QuoteStore::Verify ("did X say that?") on stores of 10^5 and
// 10^6 synthetic quotes on the real file system, for three kinds of
// claim: a misquote of a stored quote (a word dropped, another replaced),
// a stored quote word for word, and a claim in words the store never saw.
//
//   bazel run -c opt //bench:verify_bench
//   bazel run -c opt //bench:verify_bench -- --verify_bench_sizes=1000000
//
// --verify_bench_sizes takes a comma-separated list of store sizes in
// quotes (default 100000); --verify_bench_dir the parent directory of the
// scratch stores (default $TEST_TMPDIR or /tmp).  Other flags go to Google
// Benchmark.  Building a store of 10^6 quotes takes minutes; the build is
// reported as BM_BuildStore (quotes/s, the similarity index included).
//
// The corpus is deterministic: quotes of 8 to 20 words drawn from 50,000
// words with Zipf-like frequencies (a few words in most quotes, most words
// in few), 2,000 speakers, ten quotes a document.

#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "proto/quote.pb.h"
#include "storage/quote_store.h"
#include "storage/similarity.h"
#include "tests/random.h"

namespace quotes {
namespace {

constexpr int kQuotesPerDoc = 10;
constexpr int kVocabulary = 50000;
constexpr int kSpeakers = 2000;
// Claims of each kind, cycled through by the timing loop.
constexpr int kClaims = 200;

std::vector<int64_t> g_sizes = {100000};
std::string g_dir;

using testing_util::Random;

// In [0, n), roughly Zipf: P(rank r) falls as 1/r.
int Zipf(Random* rng, int n) {
  return static_cast<int>(std::pow(static_cast<double>(n), rng->Unit())) - 1;
}

// Pronounceable words: "kalo", "mineru"; distinct for distinct i.
std::string Word(int i) {
  static const char* const kSyllables[] = {"ka", "lo", "mi", "ne", "ru",
                                           "sa", "ti", "vo", "be", "du"};
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

std::string QuoteText(Random* rng) {
  const int words = 8 + rng->Uniform(13);
  std::string text;
  for (int w = 0; w < words; ++w) {
    if (!text.empty()) text += ' ';
    text += Word(Zipf(rng, kVocabulary));
  }
  return text + ".";
}

// The claims of one store: its quotes as misquoted and as said, and
// claims in other words.
struct Claims {
  std::vector<std::string> misquoted;
  std::vector<std::string> verbatim;
  std::vector<std::string> unrelated;
};

// A word dropped and another replaced by a word of the vocabulary.
std::string Misquote(const std::string& text, Random* rng) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    words.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  words.erase(words.begin() + rng->Uniform(words.size()));
  words[rng->Uniform(words.size())] = Word(Zipf(rng, kVocabulary));
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

struct Shared {
  std::string path;
  std::unique_ptr<QuoteStore> store;
  Claims claims;
};

std::map<int64_t, Shared>& Stores() {
  static auto* stores = new std::map<int64_t, Shared>;
  return *stores;
}

// Builds a store of "size" quotes, keeping kClaims of them as claims.
bool Build(int64_t size, Shared* shared, std::string* error) {
  std::string pattern = g_dir + "/verify_bench_XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    *error = "cannot make a directory under " + g_dir;
    return false;
  }
  shared->path = pattern + "/q" + std::to_string(size);
  QuoteStore::Options options;
  options.write_buffer_bytes = size_t{32} << 20;
  Status s = QuoteStore::Open(options, shared->path, &shared->store);
  Random rng(42);
  const int64_t every = std::max<int64_t>(1, size / kClaims);
  for (int64_t d = 0; s.ok() && d * kQuotesPerDoc < size; ++d) {
    Document doc;
    doc.set_doc_id("doc" + std::to_string(d));
    doc.set_outlet("Wire " + std::to_string(rng.Uniform(20)));
    char date[16];
    std::snprintf(date, sizeof(date), "%04d-%02d-%02d",
                  static_cast<int>(2010 + rng.Uniform(15)),
                  static_cast<int>(1 + rng.Uniform(12)),
                  static_cast<int>(1 + rng.Uniform(28)));
    doc.set_published(date);
    std::vector<Quote> quotes;
    std::string text;
    for (int q = 0; q < kQuotesPerDoc; ++q) {
      Quote quote;
      quote.set_text(QuoteText(&rng));
      quote.set_kind(DIRECT);
      SpeakerRef* speaker = quote.mutable_speaker();
      speaker->set_name(SpeakerName(Zipf(&rng, kSpeakers)));
      speaker->set_type(PERSON);
      speaker->set_resolution(NAME);
      quote.add_sources()->set_doc_id(doc.doc_id());
      const int64_t n = d * kQuotesPerDoc + q;
      if (n % every == 0 &&
          shared->claims.verbatim.size() < static_cast<size_t>(kClaims)) {
        shared->claims.verbatim.push_back(quote.text());
        shared->claims.misquoted.push_back(Misquote(quote.text(), &rng));
      }
      text += speaker->name() + " said: \"" + quote.text() + "\"\n";
      quotes.push_back(std::move(quote));
    }
    doc.set_text(text);
    s = shared->store->AddDocument(doc, quotes, nullptr);
  }
  Random other(7);
  for (int i = 0; i < kClaims; ++i) {
    // Letters the corpus's syllables never use.
    std::string claim;
    for (int w = 0; w < 10; ++w) {
      claim += (w ? " " : "") + std::string("xyz") +
               std::to_string(other.Uniform(1000));
    }
    shared->claims.unrelated.push_back(claim);
  }
  if (!s.ok()) *error = s.ToString();
  return s.ok();
}

Shared* StoreOf(benchmark::State& state) {
  const int64_t size = state.range(0);
  Shared& shared = Stores()[size];
  if (shared.store == nullptr) {
    std::string error;
    if (!Build(size, &shared, &error)) {
      state.SkipWithError(error.c_str());
      return nullptr;
    }
  }
  return &shared;
}

void BM_BuildStore(benchmark::State& state) {
  const int64_t size = state.range(0);
  for (auto _ : state) {
    Shared shared;
    std::string error;
    if (!Build(size, &shared, &error)) {
      state.SkipWithError(error.c_str());
      return;
    }
    Stores()[size] = std::move(shared);
  }
  StoreStats stats;
  if (Stores()[size].store->GetStats(&stats).ok()) {
    state.counters["quotes"] = static_cast<double>(stats.quotes);
  }
  state.counters["quotes/s"] = benchmark::Counter(static_cast<double>(size),
                                                  benchmark::Counter::kIsRate);
}

// The second argument: 0 misquoted, 1 verbatim, 2 unrelated.
void BM_Verify(benchmark::State& state) {
  Shared* shared = StoreOf(state);
  if (shared == nullptr) return;
  const int64_t which = state.range(1);
  const std::vector<std::string>& claims = which == 0 ? shared->claims.misquoted
                                           : which == 1
                                               ? shared->claims.verbatim
                                               : shared->claims.unrelated;
  size_t i = 0;
  uint64_t postings = 0;
  uint64_t candidates = 0;
  uint64_t close = 0;
  for (auto _ : state) {
    VerifyRequest request;
    request.text = claims[i++ % claims.size()];
    VerifyResult result;
    if (!shared->store->Verify(request, &result).ok()) {
      state.SkipWithError("Verify failed");
      return;
    }
    postings += result.postings_read;
    candidates += result.candidates;
    if (result.verdict >= Verdict::kCloseWording) ++close;
    benchmark::DoNotOptimize(result.matches.data());
  }
  const double n = static_cast<double>(state.iterations());
  state.counters["postings/claim"] = postings / n;
  state.counters["candidates/claim"] = candidates / n;
  state.counters["close_or_exact"] = close / n;
  state.SetLabel(which == 0   ? "misquoted"
                 : which == 1 ? "verbatim"
                              : "unrelated");
}

void RegisterAll() {
  for (const int64_t size : g_sizes) {
    benchmark::RegisterBenchmark("BM_BuildStore", BM_BuildStore)
        ->Arg(size)
        ->Iterations(1)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    for (int64_t which = 0; which < 3; ++which) {
      benchmark::RegisterBenchmark("BM_Verify", BM_Verify)
          ->Args({size, which})
          ->Unit(benchmark::kMicrosecond);
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
    if (strncmp(arg, "--verify_bench_sizes=", 21) == 0) {
      g_sizes.clear();
      for (const char* p = arg + 21; *p != '\0';) {
        char* end = nullptr;
        const long long size = strtoll(p, &end, 10);
        if (end == p || size <= 0) return false;
        g_sizes.push_back(size);
        p = *end == ',' ? end + 1 : end;
      }
    } else if (strncmp(arg, "--verify_bench_dir=", 19) == 0) {
      g_dir = arg + 19;
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
    std::fprintf(stderr, "verify_bench: bad --verify_bench_sizes\n");
    return 2;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  quotes::RegisterAll();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  quotes::RemoveStores();
  return 0;
}
