// Copyright The Quote Tracker Authors.

#include "storage/quote_scan.h"

#include <algorithm>
#include <string_view>

#include "leveldb/db.h"
#include "leveldb/iterator.h"
#include "storage/db_status.h"
#include "storage/keys.h"
#include "storage/records.h"

namespace quotes {
namespace {

std::string_view View(const leveldb::Slice& slice) {
  return std::string_view(slice.data(), slice.size());
}

// The smallest key after every key that starts with "prefix": the prefix
// without its trailing 0xff bytes, its last byte bumped.  A form's prefix
// among the stem postings may end in 0xff (its form byte); every prefix
// starts with its key space's letter, so some byte is left to bump.
std::string PrefixEnd(std::string prefix) {
  while (static_cast<uint8_t>(prefix.back()) == 0xff) prefix.pop_back();
  prefix.back() = static_cast<char>(prefix.back() + 1);
  return prefix;
}

// The encoded time right after "time" (8 bytes, big-endian, plus one).
std::string NextTime(std::string time) {
  for (size_t i = time.size(); i-- > 0;) {
    time[i] = static_cast<char>(static_cast<uint8_t>(time[i]) + 1);
    if (time[i] != 0) break;
  }
  return time;
}

// One posting list, walked forward (newest first) or backward, within the
// query's date bounds and after its cursor.
class PostingCursor {
 public:
  PostingCursor(leveldb::Iterator* it, std::string prefix,
                const ParsedQuery& query)
      : it_(it), prefix_(std::move(prefix)), query_(query) {
    if (query.since) since_ = EncodeTime(query.since);
    if (query.until) until_ = EncodeTime(query.until);
  }

  void Start() {
    if (query_.oldest_first) {
      StartBackward();
    } else {
      StartForward();
    }
  }

  bool Valid() const { return valid_; }

  // The sort key of the current posting.  REQUIRES: Valid().
  std::string_view sort_key() const {
    return View(it_->key()).substr(prefix_.size());
  }

  void Next() {
    if (query_.oldest_first) {
      it_->Prev();
    } else {
      it_->Next();
    }
    Check();
  }

  // Moves to the first posting at or after "target" in scan order; stays
  // put when already there.
  void SeekTo(std::string_view target) {
    if (valid_ && !Before(sort_key(), target)) return;
    if (!valid_ && !it_->status().ok()) return;
    const std::string key = prefix_ + std::string(target);
    it_->Seek(key);
    if (query_.oldest_first && !(it_->Valid() && View(it_->key()) == key)) {
      // The last key before "key": one step back from the first after it.
      if (it_->Valid()) {
        it_->Prev();
      } else {
        it_->SeekToLast();
      }
    }
    Check();
  }

  // True iff sort key "a" comes before "b" in scan order.
  bool Before(std::string_view a, std::string_view b) const {
    return query_.oldest_first ? a > b : a < b;
  }

  Status status() const { return FromLevelDb(it_->status(), "scan"); }

 private:
  void StartForward() {
    std::string start = prefix_;
    if (!until_.empty()) start = std::max(start, prefix_ + until_);
    if (!query_.resume_after.empty()) {
      // The least key after the cursor's.
      start = std::max(start, prefix_ + query_.resume_after + '\0');
    }
    it_->Seek(start);
    Check();
  }

  void StartBackward() {
    std::string limit = PrefixEnd(prefix_);  // exclusive
    if (!since_.empty()) limit = std::min(limit, prefix_ + NextTime(since_));
    if (!query_.resume_after.empty()) {
      limit = std::min(limit, prefix_ + query_.resume_after);
    }
    it_->Seek(limit);
    if (it_->Valid()) {
      it_->Prev();
    } else {
      it_->SeekToLast();
    }
    Check();
  }

  // Valid iff on a posting of this list inside the date bounds.  Inverted
  // times: "since" bounds the forward scan, "until" the backward one.
  void Check() {
    valid_ = false;
    if (!it_->Valid()) return;
    const std::string_view key = View(it_->key());
    if (key.size() <= prefix_.size() + kTimeBytes ||
        key.substr(0, prefix_.size()) != prefix_) {
      return;
    }
    const std::string_view time = key.substr(prefix_.size(), kTimeBytes);
    if (!query_.oldest_first && !since_.empty() && time > since_) return;
    if (query_.oldest_first && !until_.empty() && time < until_) return;
    valid_ = true;
  }

  std::unique_ptr<leveldb::Iterator> it_;
  const std::string prefix_;
  const ParsedQuery& query_;
  std::string since_;
  std::string until_;
  bool valid_ = false;
};

// The union of one or more posting lists, walked in scan order.  Lists of
// a union never share a quote (one speaker a quote), so no key repeats.
class PostingUnion {
 public:
  void Add(std::unique_ptr<PostingCursor> cursor) {
    cursors_.push_back(std::move(cursor));
  }

  void Start() {
    for (const auto& cursor : cursors_) cursor->Start();
    FindFront();
  }

  bool Valid() const { return front_ != nullptr; }

  // REQUIRES: Valid().
  std::string_view sort_key() const { return front_->sort_key(); }

  // REQUIRES: Valid().
  void Next() {
    front_->Next();
    FindFront();
  }

  void SeekTo(std::string_view target) {
    for (const auto& cursor : cursors_) cursor->SeekTo(target);
    FindFront();
  }

  Status status() const {
    for (const auto& cursor : cursors_) {
      QUOTES_RETURN_IF_ERROR(cursor->status());
    }
    return Status::OK();
  }

 private:
  void FindFront() {
    front_ = nullptr;
    for (const auto& cursor : cursors_) {
      if (cursor->Valid() &&
          (front_ == nullptr ||
           cursor->Before(cursor->sort_key(), front_->sort_key()))) {
        front_ = cursor.get();
      }
    }
  }

  std::vector<std::unique_ptr<PostingCursor>> cursors_;
  PostingCursor* front_ = nullptr;
};

class QuoteScan : public QuoteIterator {
 public:
  QuoteScan(leveldb::DB* db, ScanPlan plan)
      : db_(db),
        query_(std::move(plan.query)),
        snapshot_(db_->GetSnapshot()),
        names_(db_, snapshot_) {
    read_options_.snapshot = snapshot_;
    // A scan reads each block once; keep it from evicting hot blocks.
    leveldb::ReadOptions scan_options = read_options_;
    scan_options.fill_cache = false;
    for (std::vector<std::string>& prefixes : plan.lists) {
      lists_.emplace_back();
      for (std::string& prefix : prefixes) {
        lists_.back().Add(std::make_unique<PostingCursor>(
            db_->NewIterator(scan_options), std::move(prefix), query_));
      }
      lists_.back().Start();
    }
    FindMatch();
  }

  ~QuoteScan() override {
    lists_.clear();  // LevelDB iterators go before their snapshot
    db_->ReleaseSnapshot(snapshot_);
  }

  bool Valid() const override { return valid_; }

  void Next() override {
    lists_[0].Next();
    FindMatch();
  }

  const Quote& quote() const override { return quote_; }

  std::string cursor() const override { return HexEncode(sort_key_); }

  Status status() const override { return status_; }

 private:
  // Aligns every list on the driver's key, leaping the driver ahead to
  // the first key another list holds.  True when all lists sit on the
  // same key; false at the end of any list.
  bool Align() {
    while (lists_[0].Valid()) {
      const std::string candidate(lists_[0].sort_key());
      bool aligned = true;
      for (size_t i = 1; i < lists_.size() && aligned; ++i) {
        lists_[i].SeekTo(candidate);
        if (!lists_[i].Valid()) return false;
        if (lists_[i].sort_key() != candidate) {
          lists_[0].SeekTo(lists_[i].sort_key());
          aligned = false;
        }
      }
      if (aligned) return true;
    }
    return false;
  }

  // Moves to the first quote, from the lists' positions on, in every list
  // and passing the query.
  void FindMatch() {
    valid_ = false;
    while (!lists_.empty() && Align()) {
      bool match = false;
      status_ = ReadQuote(lists_[0].sort_key(), &match);
      if (!status_.ok()) return;
      if (match) {
        sort_key_ = std::string(lists_[0].sort_key());
        valid_ = true;
        return;
      }
      lists_[0].Next();
    }
    for (const PostingUnion& list : lists_) {
      if (status_.ok()) status_ = list.status();
    }
  }

  Status ReadQuote(std::string_view sort_key, bool* match) {
    const std::string key = QuoteKey(sort_key.substr(kTimeBytes));
    std::string value;
    const leveldb::Status s = db_->Get(read_options_, key, &value);
    // The snapshot keeps postings and records consistent; a posting
    // without a record is skipped rather than failing the whole scan.
    if (s.IsNotFound()) return Status::OK();
    if (!s.ok()) return FromLevelDb(s, "scan");
    QUOTES_RETURN_IF_ERROR(ParseRecord(key, value, &quote_));
    *match = MatchesQuery(query_, quote_);
    if (*match) return names_.Fill(&quote_);
    return Status::OK();
  }

  leveldb::DB* const db_;
  const ParsedQuery query_;
  const leveldb::Snapshot* const snapshot_;
  SpeakerNames names_;  // reads snapshot_
  leveldb::ReadOptions read_options_;
  std::vector<PostingUnion> lists_;
  Quote quote_;
  std::string sort_key_;
  bool valid_ = false;
  Status status_;
};

}  // namespace

std::unique_ptr<QuoteIterator> NewQuoteScan(leveldb::DB* db, ScanPlan plan) {
  return std::make_unique<QuoteScan>(db, std::move(plan));
}

Status SpeakerNames::Fill(Quote* quote) {
  const std::string& id = quote->speaker().speaker_id();
  if (id.empty()) return Status::OK();
  auto it = known_.find(id);
  if (it == known_.end()) {
    // Bounded: a scan over many speakers keeps no more than this.
    if (known_.size() >= 256) known_.clear();
    leveldb::ReadOptions options;
    options.snapshot = snapshot_;
    const std::string key = SpeakerKey(id);
    std::string value;
    const leveldb::Status s = db_->Get(options, key, &value);
    if (!s.ok() && !s.IsNotFound()) return FromLevelDb(s, "speaker");
    Speaker speaker;
    if (s.ok()) QUOTES_RETURN_IF_ERROR(ParseRecord(key, value, &speaker));
    it =
        known_
            .emplace(id, std::make_pair(speaker.name(), speaker.roles().empty()
                                                            ? std::string()
                                                            : speaker.roles(0)))
            .first;
  }
  const auto& [name, role] = it->second;
  SpeakerRef* ref = quote->mutable_speaker();
  if (!name.empty()) ref->set_name(name);
  if (ref->role().empty() && !role.empty()) ref->set_role(role);
  return Status::OK();
}

}  // namespace quotes
