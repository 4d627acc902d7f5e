// Copyright The Quote Tracker Authors.
//
// Stored values are input too: a store written by another build, a disk
// that flipped bits, a hand edit.  This target fills a small in-memory
// store, then changes one key: the first input byte picks what (replace
// the value of an existing key, delete it, or add a key of the input's
// choosing), the second byte which key, the rest is the value (or the
// new key and its value).  Every read and write path of the store must
// then return a clear status (Corruption for what does not parse, never a
// crash), CheckStore must report rather than fail, and RepairStore must
// leave a store that checks clean and takes the documents back whole.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_check.h"
#include "fuzz/fuzz_store.h"
#include "leveldb/db.h"
#include "leveldb/env.h"
#include "leveldb/helpers/memenv.h"
#include "leveldb/iterator.h"
#include "storage/check.h"
#include "storage/quote_store.h"

namespace quotes {
namespace {

constexpr char kPath[] = "/fuzz-store";

// Reads may find a record unreadable (Corruption) or absent (NotFound).
void CheckRead(const Status& s, const char* what) {
  FUZZ_CHECK(s.ok() || s.IsNotFound() || s.IsCorruption(), "%s: %s", what,
             s.ToString().c_str());
}

std::unique_ptr<QuoteStore> OpenStore(leveldb::Env* env, Status* s) {
  QuoteStore::Options options;
  options.env = env;
  std::unique_ptr<QuoteStore> store;
  *s = QuoteStore::Open(options, kPath, &store);
  return store;
}

std::unique_ptr<leveldb::DB> OpenRaw(leveldb::Env* env) {
  leveldb::Options options;
  options.env = env;
  leveldb::DB* db = nullptr;
  const leveldb::Status s = leveldb::DB::Open(options, kPath, &db);
  FUZZ_CHECK(s.ok(), "%s", s.ToString().c_str());
  return std::unique_ptr<leveldb::DB>(db);
}

// A filled store in "env"; its keys in *keys when not null.
void MakeStore(leveldb::Env* env, std::vector<std::string>* keys) {
  Status s;
  std::unique_ptr<QuoteStore> store = OpenStore(env, &s);
  if (s.ok()) s = FillFuzzStore(store.get());
  FUZZ_CHECK(s.ok(), "%s", s.ToString().c_str());
  store.reset();
  if (keys == nullptr) return;
  std::unique_ptr<leveldb::DB> db = OpenRaw(env);
  std::unique_ptr<leveldb::Iterator> it(db->NewIterator({}));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    keys->push_back(it->key().ToString());
  }
}

// The keys of the filled store, the same in every run (values differ
// only by the time of the ingest).
const std::vector<std::string>& StoreKeys() {
  static const std::vector<std::string>* const keys = [] {
    auto* out = new std::vector<std::string>;
    std::unique_ptr<leveldb::Env> env(
        leveldb::NewMemEnv(leveldb::Env::Default()));
    MakeStore(env.get(), out);
    return out;
  }();
  return *keys;
}

void Damage(leveldb::Env* env, std::string_view input) {
  const std::vector<std::string>& keys = StoreKeys();
  const uint8_t mode = input[0] % 3;
  const std::string& key = keys[static_cast<uint8_t>(input[1]) % keys.size()];
  input.remove_prefix(2);
  std::unique_ptr<leveldb::DB> db = OpenRaw(env);
  leveldb::Status s;
  if (mode == 0) {
    s = db->Put({}, key, leveldb::Slice(input.data(), input.size()));
  } else if (mode == 1) {
    s = db->Delete({}, key);
  } else {
    // A new key: the input up to its first 0xFF, the value after it.
    const size_t cut = std::min(input.find('\xff'), input.size());
    const std::string_view value =
        cut < input.size() ? input.substr(cut + 1) : std::string_view();
    s = db->Put({}, leveldb::Slice(input.data(), cut),
                leveldb::Slice(value.data(), value.size()));
  }
  FUZZ_CHECK(s.ok(), "%s", s.ToString().c_str());
}

void ReadEverything(QuoteStore* store) {
  StoreStats stats;
  CheckRead(store->GetStats(&stats), "GetStats");
  for (const FuzzDocument& doc : FuzzDocuments()) {
    Document stored;
    CheckRead(store->GetDocument(doc.doc.doc_id(), &stored), "GetDocument");
    for (const std::string& id : stored.quote_ids()) {
      Quote quote;
      CheckRead(store->GetQuote(id, &quote), "GetQuote");
    }
  }
  QuoteQuery queries[5];
  queries[1].speaker = "Brenner";
  queries[2].words = "\"peace talks\" may";
  queries[3].outlet = "Valley Ledger";
  queries[4].since = "2024-03";
  queries[4].oldest_first = true;
  for (const QuoteQuery& query : queries) {
    std::unique_ptr<QuoteIterator> it;
    Status s = store->NewQuoteIterator(query, "", &it);
    CheckRead(s, "NewQuoteIterator");
    if (!s.ok()) continue;
    for (int n = 0; it->Valid() && n < 1000; it->Next(), ++n) {
      it->cursor();
    }
    CheckRead(it->status(), "QuoteIterator");
  }
  CheckRead(store->ForEachSpeaker("", [](const Speaker&) { return true; }),
            "ForEachSpeaker");
  std::vector<Speaker> speakers;
  CheckRead(store->FindSpeakers("Nadia Ferrante", &speakers), "FindSpeakers");
}

// The write path reads records too: a new document, and a new text for a
// stored one (which removes its old quotes).
void WriteSomething(QuoteStore* store) {
  FuzzDocument changed = FuzzDocuments()[0];
  changed.doc.set_text(changed.doc.text() + " ");
  changed.quotes.pop_back();
  FuzzDocument fresh = FuzzDocuments()[1];
  fresh.doc.set_doc_id("fresh");
  for (Quote& q : fresh.quotes) q.mutable_sources(0)->set_doc_id("fresh");
  for (const FuzzDocument* doc : {&changed, &fresh}) {
    const Status s = store->AddDocument(doc->doc, doc->quotes, nullptr);
    FUZZ_CHECK(s.ok() || s.IsCorruption(), "AddDocument: %s",
               s.ToString().c_str());
  }
}

std::string Problems(const CheckReport& report) {
  std::string out;
  for (const CheckProblem& p : report.problems) {
    out += std::string(ProblemKindName(p.kind)) + ": " + p.key + ": " +
           p.detail + "\n";
  }
  return out;
}

}  // namespace
}  // namespace quotes

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace quotes;
  if (size < 2) return 0;
  std::unique_ptr<leveldb::Env> env(
      leveldb::NewMemEnv(leveldb::Env::Default()));
  MakeStore(env.get(), nullptr);
  Damage(env.get(),
         std::string_view(reinterpret_cast<const char*>(data), size));
  Status s;
  std::unique_ptr<QuoteStore> store = OpenStore(env.get(), &s);
  if (!s.ok()) {
    // Only the schema version is read at open.
    FUZZ_CHECK(s.code() == Status::Code::kNotSupported, "Open: %s",
               s.ToString().c_str());
    return 0;
  }
  ReadEverything(store.get());
  WriteSomething(store.get());
  ReadEverything(store.get());

  CheckReport report;
  s = CheckStore(store.get(), CheckOptions(), &report);
  FUZZ_CHECK(s.ok(), "CheckStore: %s", s.ToString().c_str());
  RepairReport repair;
  s = RepairStore(store.get(), &repair);
  FUZZ_CHECK(s.ok(), "RepairStore: %s", s.ToString().c_str());
  s = CheckStore(store.get(), CheckOptions(), &report);
  FUZZ_CHECK(s.ok() && report.consistent(), "after repair: %s\n%s",
             s.ToString().c_str(), Problems(report).c_str());
  ReadEverything(store.get());

  // The documents go back in whole.
  s = FillFuzzStore(store.get());
  FUZZ_CHECK(s.ok(), "FillFuzzStore: %s", s.ToString().c_str());
  s = CheckStore(store.get(), CheckOptions(), &report);
  FUZZ_CHECK(s.ok() && report.consistent(), "after ingest: %s\n%s",
             s.ToString().c_str(), Problems(report).c_str());
  FUZZ_CHECK(report.records.documents >= FuzzDocuments().size(),
             "%llu documents",
             static_cast<unsigned long long>(report.records.documents));
  store.reset();
  return 0;
}
