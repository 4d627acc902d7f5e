// Copyright The Quote Tracker Authors.
//
// Extraction in parallel threads gives the results of one thread, on a
// real corpus: the Wikinews articles of ../shared/corpus (5,075 of them,
// 11 MB), extracted once by one thread and once by four threads sharing
// the documents, must give the same quotes, byte for byte.  The corpus is
// not part of the repository: the test skips, saying so, when ../shared is
// absent.  ../shared is $QUOTES_SHARED_DIR when set, else found next to
// the source tree this test's data links into, else at /work/shared.

#include <gtest/gtest.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "proto/quote.pb.h"
#include "quotes/document_reader.h"
#include "quotes/extractor.h"

namespace quotes {
namespace {

constexpr char kCorpus[] = "corpus/wikinews_2004_2018.jsonl.gz";

bool IsFile(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// The directory holding kCorpus, or "" when there is none.
std::string FindShared() {
  // $QUOTES_SHARED_DIR, when set, is the only place looked at.
  if (const char* dir = std::getenv("QUOTES_SHARED_DIR")) {
    return IsFile(std::string(dir) + "/" + kCorpus) ? dir : "";
  }
  std::vector<std::string> candidates;
  // README.md in the runfiles links to the source tree: ../shared is its
  // sibling.
  const char* srcdir = std::getenv("TEST_SRCDIR");
  const std::string readme =
      std::string(srcdir != nullptr ? srcdir : ".") + "/quotes/README.md";
  char real[PATH_MAX];
  if (realpath(readme.c_str(), real) != nullptr) {
    std::string root(real);
    root.erase(root.rfind('/'));
    candidates.push_back(root + "/../shared");
  }
  candidates.push_back("/work/shared");
  for (const std::string& dir : candidates) {
    if (IsFile(dir + "/" + kCorpus)) return dir;
  }
  return std::string();
}

// The documents of a gzipped JSON Lines file, through gzip -dc.
std::vector<Document> ReadCorpus(const std::string& path) {
  std::vector<Document> docs;
  FILE* in = popen(("gzip -dc '" + path + "'").c_str(), "r");
  if (in == nullptr) return docs;
  std::string line;
  uint64_t number = 0;
  char buffer[1 << 16];
  const auto flush = [&] {
    if (line.empty()) return;
    DocumentRecord record;
    record.source = path;
    record.line = ++number;
    record.data = std::move(line);
    line.clear();
    Document doc;
    if (ParseRecord(record, &doc).ok()) docs.push_back(std::move(doc));
  };
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), in)) > 0) {
    for (size_t i = 0; i < n; ++i) {
      if (buffer[i] == '\n') {
        flush();
      } else {
        line.push_back(buffer[i]);
      }
    }
  }
  flush();
  pclose(in);
  return docs;
}

// The status and every quote of "doc", serialized; the number of quotes
// in *count when not null.
std::string Extracted(const Extractor& extractor, const Document& doc,
                      size_t* count = nullptr) {
  std::vector<Quote> quotes;
  const Status s = extractor.Extract(doc, &quotes);
  std::string out = s.ToString();
  for (const Quote& q : quotes) out.append(q.SerializeAsString());
  if (count != nullptr) *count += quotes.size();
  return out;
}

TEST(ExtractorCorpusThreads, FourThreadsAgreeWithOneOnTheWikinewsCorpus) {
  const std::string shared = FindShared();
  if (shared.empty()) {
    std::printf("SKIPPED: ../shared/%s not found (set QUOTES_SHARED_DIR)\n",
                kCorpus);
    GTEST_SKIP() << "../shared/" << kCorpus << " not found";
  }
  const std::vector<Document> docs = ReadCorpus(shared + "/" + kCorpus);
  ASSERT_GT(docs.size(), 1000u) << "the corpus did not read";
  std::unique_ptr<Extractor> extractor;
  ASSERT_TRUE(Extractor::Create(Extractor::Options(), &extractor).ok());

  std::vector<std::string> one(docs.size());
  size_t quotes = 0;
  for (size_t i = 0; i < docs.size(); ++i) {
    one[i] = Extracted(*extractor, docs[i], &quotes);
  }

  // Four threads take the documents in turn, so that neighbours (and
  // whatever an extraction might leave behind) land on different threads.
  constexpr int kThreads = 4;
  std::vector<std::string> many(docs.size());
  std::atomic<size_t> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (size_t i; (i = next.fetch_add(1)) < docs.size();) {
        many[i] = Extracted(*extractor, docs[i]);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  for (size_t i = 0; i < docs.size(); ++i) {
    EXPECT_EQ(many[i], one[i]) << docs[i].doc_id();
  }
  std::printf("%zu documents, %zu quotes, the same in %d threads\n",
              docs.size(), quotes, kThreads);
}

}  // namespace
}  // namespace quotes
