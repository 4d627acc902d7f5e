// Copyright The Quote Tracker Authors.
//
// The limits the quote tracker is measured against, on the same input and
// machine (bench/run_benchmarks.sh runs it next to `quotes extract` and
// `quotes ingest`), and the input generators of that script:
//
//   limits scan FILE.jsonl     a single RE2 pass of a cue-verb alternation
//                              over the article texts, and memchr for '"'
//   limits puts [flags] DIR    raw LevelDB WriteBatch puts of records of a
//                              given size with their index keys, into a
//                              new database at DIR (random or time order)
//   limits repeat --bytes=N FILE.jsonl
//                              FILE's lines over and over to stdout, up to
//                              N bytes, doc ids made unique in each pass
//   limits generate --bytes=N  news-like JSON Lines with quotes, to stdout
//   limits keys DIR            the keys and bytes of a store, by key space:
//                              the write set ingest made, for "puts" to
//                              write the same amount raw
//
// Results go to stdout, one line each, db_bench style:
//   "name : value unit; details".  Progress and errors go to stderr.
// Timings are the median of several runs (scan) or one run (puts).

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "leveldb/cache.h"
#include "leveldb/db.h"
#include "leveldb/filter_policy.h"
#include "leveldb/iterator.h"
#include "leveldb/write_batch.h"
#include "proto/quote.pb.h"
#include "quotes/document_reader.h"
#include "re2/re2.h"
#include "tests/random.h"

namespace quotes {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// 60 speech verbs and inflections: the cue verbs news attribution leans
// on most.  The extractor's lexicon holds more; a single pass of this
// alternation is the floor any regex-based attribution pays.
constexpr char kCueVerbs[] =
    "said|says|say|saying|told|tells|tell|telling|added|adds|add|adding|"
    "stated|states|noted|notes|explained|explains|announced|announces|"
    "claimed|claims|argued|argues|insisted|insists|warned|warns|"
    "asked|asks|replied|replies|responded|responds|wrote|writes|"
    "confirmed|confirms|denied|denies|admitted|admits|suggested|suggests|"
    "believes|believed|thinks|thought|described|describes|urged|urges|"
    "stressed|stresses|declared|declares|promised|promises";

using testing_util::Random;

bool ParseSize(const char* text, uint64_t* value) {
  char* end = nullptr;
  const double v = strtod(text, &end);
  if (end == text || v < 0) return false;
  double scale = 1;
  switch (*end) {
    case 'k':
    case 'K':
      scale = 1e3;
      ++end;
      break;
    case 'm':
    case 'M':
      scale = 1e6;
      ++end;
      break;
    case 'g':
    case 'G':
      scale = 1e9;
      ++end;
      break;
  }
  if (*end != '\0') return false;
  *value = static_cast<uint64_t>(v * scale);
  return true;
}

// Reads "--name=value" at argv[i]; true when it is that flag.
bool Flag(const char* arg, const char* name, const char** value) {
  const size_t n = strlen(name);
  if (strncmp(arg, name, n) != 0 || arg[n] != '=') return false;
  *value = arg + n + 1;
  return true;
}

// ---------------------------------------------------------------------------
// scan

// The article texts of a JSON Lines file, one after another, each ended by
// a newline, read with the reader `quotes` uses.
bool ReadTexts(const std::string& path, std::string* texts, size_t* docs) {
  std::unique_ptr<DocumentReader> reader;
  DocumentReader::Options options;
  options.format = DocumentReader::Format::kJsonLines;
  Status s = DocumentReader::Open(path, options, &reader);
  Document doc;
  while (s.ok() && reader->Next(&doc, &s)) {
    if (!s.ok()) {
      s = Status::OK();  // a bad line is skipped, as extract skips it
      continue;
    }
    texts->append(doc.text());
    texts->push_back('\n');
    ++*docs;
  }
  if (!s.ok()) {
    fprintf(stderr, "limits: %s\n", s.ToString().c_str());
    return false;
  }
  return true;
}

// Runs "pass" at least three times and for at least half a second; returns
// the median seconds of one pass.
template <typename Pass>
double MedianSeconds(Pass pass) {
  std::vector<double> runs;
  const Clock::time_point start = Clock::now();
  while (runs.size() < 3 || (SecondsSince(start) < 0.5 && runs.size() < 1000)) {
    const Clock::time_point t = Clock::now();
    pass();
    runs.push_back(SecondsSince(t));
  }
  std::sort(runs.begin(), runs.end());
  return runs[runs.size() / 2];
}

int Scan(int argc, char** argv) {
  if (argc != 1) {
    fprintf(stderr, "usage: limits scan FILE.jsonl\n");
    return 2;
  }
  std::string texts;
  size_t docs = 0;
  if (!ReadTexts(argv[0], &texts, &docs)) return 2;
  const double mb = texts.size() / 1e6;
  printf("texts : %.2f MB of article text in %zu documents\n", mb, docs);

  RE2::Options re_options;
  re_options.set_log_errors(false);
  // Large enough that the DFA never falls back to the NFA on news text.
  re_options.set_max_mem(64 << 20);
  const RE2 cue(std::string("\\b(?:") + kCueVerbs + ")\\b", re_options);
  if (!cue.ok()) {
    fprintf(stderr, "limits: bad cue pattern: %s\n", cue.error().c_str());
    return 2;
  }
  size_t matches = 0;
  const double re2_seconds = MedianSeconds([&] {
    matches = 0;
    re2::StringPiece input(texts);
    while (RE2::FindAndConsume(&input, cue)) ++matches;
  });
  printf("re2_pass : %.1f MB/s; %zu cue verbs found\n", mb / re2_seconds,
         matches);

  size_t marks = 0;
  const double memchr_seconds = MedianSeconds([&] {
    marks = 0;
    const char* p = texts.data();
    const char* end = p + texts.size();
    while ((p = static_cast<const char*>(memchr(p, '"', end - p))) != nullptr) {
      ++marks;
      ++p;
    }
  });
  printf("memchr : %.1f MB/s; %zu '\"' found\n", mb / memchr_seconds, marks);
  return 0;
}

// ---------------------------------------------------------------------------
// puts

struct PutsOptions {
  uint64_t records = 100000;
  size_t value_bytes = 400;
  int index_keys = 2;
  size_t batch = 1;  // records a WriteBatch
  bool time_order = false;
  // The store's LevelDB options (storage/quote_store.h), so that the
  // comparison is with the same engine settings.
  size_t write_buffer_bytes = 8 << 20;
  size_t block_cache_bytes = 8 << 20;
};

// Text-like values that snappy halves, as db_bench's default: quote
// records are text and compress about as much.
class ValueSource {
 public:
  ValueSource() {
    Random rng(301);
    std::string piece;
    while (data_.size() < (1 << 20)) {
      // 50 random bytes from a small alphabet, then the same 50 again.
      piece.clear();
      for (int i = 0; i < 50; ++i) {
        piece.push_back(static_cast<char>(' ' + rng.Uniform(95)));
      }
      data_ += piece;
      data_ += piece;
    }
  }
  std::string_view Get(size_t bytes) {
    if (pos_ + bytes > data_.size()) pos_ = 0;
    pos_ += bytes;
    return std::string_view(data_).substr(pos_ - bytes, bytes);
  }

 private:
  std::string data_;
  size_t pos_ = 0;
};

void AppendBigEndian(uint64_t v, std::string* out) {
  for (int i = 7; i >= 0; --i) out->push_back(static_cast<char>(v >> (8 * i)));
}

// Record key and index keys of record "i": random 8-byte ids (as quote
// ids are hashes), or a sequence number in front (time order, as postings
// of quotes arriving in date order).
void KeysOf(const PutsOptions& o, uint64_t i, Random* rng,
            std::vector<std::string>* keys) {
  keys->assign(1 + o.index_keys, std::string());
  const uint64_t id = o.time_order ? i : rng->Next();
  (*keys)[0] = "q";
  AppendBigEndian(id, &(*keys)[0]);
  for (int k = 1; k <= o.index_keys; ++k) {
    std::string& key = (*keys)[k];
    key.push_back(static_cast<char>('a' + k));
    // A term (a word, a speaker) then the record's sort key.
    AppendBigEndian(o.time_order ? i : rng->Next(), &key);
    key.push_back('\0');
    AppendBigEndian(id, &key);
  }
}

int Puts(int argc, char** argv) {
  PutsOptions o;
  std::string dir;
  for (int i = 0; i < argc; ++i) {
    const char* v = nullptr;
    uint64_t n = 0;
    if (Flag(argv[i], "--records", &v) && ParseSize(v, &n)) {
      o.records = n;
    } else if (Flag(argv[i], "--value_bytes", &v) && ParseSize(v, &n)) {
      o.value_bytes = n;
    } else if (Flag(argv[i], "--index_keys", &v) && ParseSize(v, &n)) {
      o.index_keys = static_cast<int>(n);
    } else if (Flag(argv[i], "--batch", &v) && ParseSize(v, &n) && n > 0) {
      o.batch = n;
    } else if (Flag(argv[i], "--write_buffer_bytes", &v) && ParseSize(v, &n)) {
      o.write_buffer_bytes = n;
    } else if (Flag(argv[i], "--order", &v) &&
               (strcmp(v, "random") == 0 || strcmp(v, "time") == 0)) {
      o.time_order = strcmp(v, "time") == 0;
    } else if (argv[i][0] != '-' && dir.empty()) {
      dir = argv[i];
    } else {
      dir.clear();
      break;
    }
  }
  if (dir.empty()) {
    fprintf(stderr,
            "usage: limits puts [--records=N] [--value_bytes=N] "
            "[--index_keys=N] [--batch=N] [--order=random|time] "
            "[--write_buffer_bytes=N] NEW_DIR\n");
    return 2;
  }

  std::unique_ptr<leveldb::Cache> cache(
      leveldb::NewLRUCache(o.block_cache_bytes));
  std::unique_ptr<const leveldb::FilterPolicy> filter(
      leveldb::NewBloomFilterPolicy(10));
  leveldb::Options options;
  options.create_if_missing = true;
  options.error_if_exists = true;
  options.write_buffer_size = o.write_buffer_bytes;
  options.block_cache = cache.get();
  options.filter_policy = filter.get();

  const Clock::time_point start = Clock::now();
  leveldb::DB* raw = nullptr;
  leveldb::Status s = leveldb::DB::Open(options, dir, &raw);
  std::unique_ptr<leveldb::DB> db(raw);
  ValueSource values;
  Random rng(1);
  std::vector<std::string> keys;
  leveldb::WriteBatch batch;
  uint64_t bytes = 0;
  for (uint64_t i = 0; s.ok() && i < o.records; ++i) {
    KeysOf(o, i, &rng, &keys);
    const std::string_view value = values.Get(o.value_bytes);
    batch.Put(keys[0], leveldb::Slice(value.data(), value.size()));
    bytes += keys[0].size() + value.size();
    for (size_t k = 1; k < keys.size(); ++k) {
      batch.Put(keys[k], leveldb::Slice());
      bytes += keys[k].size();
    }
    if ((i + 1) % o.batch == 0 || i + 1 == o.records) {
      s = db->Write(leveldb::WriteOptions(), &batch);
      batch.Clear();
    }
  }
  db.reset();  // closing waits for the compaction under way, as ingest's
  const double seconds = SecondsSince(start);
  if (!s.ok()) {
    fprintf(stderr, "limits: %s\n", s.ToString().c_str());
    return 2;
  }
  printf(
      "puts_%s : %.0f records/s; %.1f MB/s, %.3f s for %llu records of %zu "
      "bytes with %d index keys, %zu a batch\n",
      o.time_order ? "time" : "random", o.records / seconds,
      bytes / 1e6 / seconds, seconds,
      static_cast<unsigned long long>(o.records), o.value_bytes, o.index_keys,
      o.batch);
  return 0;
}

// ---------------------------------------------------------------------------
// keys

int Keys(int argc, char** argv) {
  if (argc != 1) {
    fprintf(stderr, "usage: limits keys STORE_DIR\n");
    return 2;
  }
  leveldb::Options options;
  leveldb::DB* raw = nullptr;
  leveldb::Status s = leveldb::DB::Open(options, argv[0], &raw);
  std::unique_ptr<leveldb::DB> db(raw);
  if (!s.ok()) {
    fprintf(stderr, "limits: %s\n", s.ToString().c_str());
    return 2;
  }
  // By the first byte of the key (the store's key spaces).
  uint64_t keys[256] = {}, bytes[256] = {};
  std::unique_ptr<leveldb::Iterator> it(
      db->NewIterator(leveldb::ReadOptions()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    const uint8_t space = it->key().empty() ? 0 : it->key()[0];
    ++keys[space];
    bytes[space] += it->key().size() + it->value().size();
  }
  if (!it->status().ok()) {
    fprintf(stderr, "limits: %s\n", it->status().ToString().c_str());
    return 2;
  }
  uint64_t all_keys = 0, all_bytes = 0;
  for (int c = 0; c < 256; ++c) {
    if (keys[c] == 0) continue;
    printf("keys_%c : %llu keys; %llu bytes\n", c > ' ' && c < 127 ? c : '?',
           static_cast<unsigned long long>(keys[c]),
           static_cast<unsigned long long>(bytes[c]));
    all_keys += keys[c];
    all_bytes += bytes[c];
  }
  printf("keys_all : %llu keys; %llu bytes\n",
         static_cast<unsigned long long>(all_keys),
         static_cast<unsigned long long>(all_bytes));
  return 0;
}

// ---------------------------------------------------------------------------
// repeat and generate

// Writes "data" to stdout; false when the reader has gone (EPIPE) or on
// another error.
bool WriteOut(std::string_view data) {
  return fwrite(data.data(), 1, data.size(), stdout) == data.size();
}

// "line" with "prefix" put in front of its doc_id value; unchanged when
// the line has no string "doc_id" (the reader then names it FILE:LINE,
// which is unique anyway).
std::string WithIdPrefix(const std::string& line, const std::string& prefix) {
  const size_t field = line.find("\"doc_id\"");
  if (field == std::string::npos) return line;
  size_t pos = field + 8;
  while (pos < line.size() && (line[pos] == ' ' || line[pos] == ':')) ++pos;
  if (pos >= line.size() || line[pos] != '"') return line;
  std::string out = line;
  out.insert(pos + 1, prefix);
  return out;
}

int Repeat(int argc, char** argv) {
  uint64_t limit = 0;
  std::string path;
  for (int i = 0; i < argc; ++i) {
    const char* v = nullptr;
    if (Flag(argv[i], "--bytes", &v) && ParseSize(v, &limit)) continue;
    if (argv[i][0] != '-' && path.empty()) {
      path = argv[i];
      continue;
    }
    path.clear();
    break;
  }
  if (path.empty() || limit == 0) {
    fprintf(stderr, "usage: limits repeat --bytes=N FILE.jsonl\n");
    return 2;
  }
  // The corpus is held in memory (tens of MB); the output is streamed.
  std::vector<std::string> lines;
  FILE* in = fopen(path.c_str(), "r");
  if (in == nullptr) {
    fprintf(stderr, "limits: %s: %s\n", path.c_str(), strerror(errno));
    return 2;
  }
  char* buf = nullptr;
  size_t cap = 0;
  ssize_t n = 0;
  while ((n = getline(&buf, &cap, in)) > 0) {
    std::string line(buf, n);
    if (line.back() != '\n') line.push_back('\n');
    if (line.size() > 1) lines.push_back(std::move(line));
  }
  free(buf);
  fclose(in);
  if (lines.empty()) {
    fprintf(stderr, "limits: %s: no lines\n", path.c_str());
    return 2;
  }
  uint64_t written = 0;
  for (uint64_t pass = 0;; ++pass) {
    const std::string prefix = "r" + std::to_string(pass) + "-";
    for (const std::string& line : lines) {
      const std::string out = pass == 0 ? line : WithIdPrefix(line, prefix);
      if (written + out.size() > limit) return 0;
      if (!WriteOut(out)) return 0;  // the reader stopped early
      written += out.size();
    }
  }
}

// JSON string body of "text" (quotes, backslashes and control characters
// escaped).
std::string JsonEscape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

// News-like articles of the project's own making: a headline, then
// paragraphs of reporting with direct and reported quotes of a few hundred
// named speakers, over a vocabulary of a few thousand words.
std::string GeneratedArticle(Random* rng, uint64_t n) {
  static const char* const kFirst[] = {"Ana",   "Tomas", "Maria", "John",
                                       "Leila", "Pavel", "Grace", "Omar",
                                       "Ines",  "Hugo",  "Mei",   "Karl"};
  static const char* const kLast[] = {
      "Ortiz",  "Brenner",  "Okafor", "Lindqvist", "Moreau",  "Tanaka",
      "Haddad", "Kowalski", "Silva",  "Novak",     "Fischer", "Reyes"};
  static const char* const kRoles[] = {"Health Minister", "Mayor", "Senator",
                                       "Chief Executive", "Professor"};
  static const char* const kCues[] = {"said", "told reporters", "added",
                                      "warned", "explained"};
  static const char* const kSyllables[] = {"ka", "lo", "mi", "ne", "ru",
                                           "sa", "ti", "vo", "be", "da"};
  auto word = [&]() {
    std::string w;
    for (size_t i = 0, k = 1 + rng->Uniform(3); i < k; ++i) {
      w += kSyllables[rng->Uniform(10)];
    }
    return w;
  };
  auto words = [&](size_t k) {
    std::string s;
    for (size_t i = 0; i < k; ++i) s += (i ? " " : "") + word();
    return s;
  };
  std::string text = "Council debates " + words(3) + "\n\n";
  for (int p = 0; p < 6; ++p) {
    const size_t a = rng->Uniform(12), b = rng->Uniform(12);
    const std::string name = std::string(kFirst[a]) + " " + kLast[b];
    const std::string cue = kCues[rng->Uniform(5)];
    text += "The " + words(2) + " of the " + words(1) + " council met on " +
            "Monday. " + kRoles[rng->Uniform(5)] + " " + name + " " + cue +
            ": \"We " + words(8 + rng->Uniform(8)) + ".\" ";
    text += "\"The " + words(6 + rng->Uniform(6)) + ",\" " + kLast[b] + " " +
            cue + ". ";
    text += std::string(kLast[b]) + " said that the " + words(10) + ".\n\n";
  }
  char date[16];
  snprintf(date, sizeof(date), "20%02d-%02d-%02d",
           static_cast<int>(15 + rng->Uniform(10)),
           static_cast<int>(1 + rng->Uniform(12)),
           static_cast<int>(1 + rng->Uniform(28)));
  return "{\"doc_id\": \"generated-" + std::to_string(n) +
         "\", \"published\": \"" + date + "\", \"text\": \"" +
         JsonEscape(text) + "\"}\n";
}

int Generate(int argc, char** argv) {
  uint64_t limit = 0;
  const char* v = nullptr;
  if (argc != 1 || !Flag(argv[0], "--bytes", &v) || !ParseSize(v, &limit)) {
    fprintf(stderr, "usage: limits generate --bytes=N\n");
    return 2;
  }
  Random rng(7);
  uint64_t written = 0;
  for (uint64_t n = 0;; ++n) {
    const std::string line = GeneratedArticle(&rng, n);
    if (written + line.size() > limit || !WriteOut(line)) return 0;
    written += line.size();
  }
}

}  // namespace
}  // namespace quotes

int main(int argc, char** argv) {
  // A generator whose reader stops early ends quietly (EPIPE), not by a
  // signal that a pipeline would report.
  signal(SIGPIPE, SIG_IGN);
  const std::string command = argc > 1 ? argv[1] : "";
  if (command == "scan") return quotes::Scan(argc - 2, argv + 2);
  if (command == "puts") return quotes::Puts(argc - 2, argv + 2);
  if (command == "repeat") return quotes::Repeat(argc - 2, argv + 2);
  if (command == "generate") return quotes::Generate(argc - 2, argv + 2);
  if (command == "keys") return quotes::Keys(argc - 2, argv + 2);
  fprintf(stderr,
          "usage: limits scan|puts|repeat|generate|keys ...  (see "
          "bench/limits.cc)\n");
  return 2;
}
