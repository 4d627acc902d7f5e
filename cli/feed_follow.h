// Copyright The Quote Tracker Authors.
//
// The followers of `quotes serve`'s feed (GET /feed?follow=1): the hub that
// hands them the ids of the quotes each ingested document stored, the test
// of one quote against a follower's filters, and the check that a
// follower's client is still connected.

#ifndef CLI_FEED_FOLLOW_H_
#define CLI_FEED_FOLLOW_H_

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "proto/quote.pb.h"
#include "quotes/status.h"
#include "storage/quote_store.h"

namespace quotes {

// Hands the ids of stored quotes to the feed's followers.  Each follower
// has its own queue, so a slow one delays nobody; one whose queue would
// pass "max_backlog" ids is dropped, since it cannot keep up.
//
// Thread safety: every method may be called from any thread.
class FeedHub {
 public:
  struct Follower {
    std::deque<std::string> ids;
    bool dropped = false;  // fell too far behind
  };

  FeedHub(int max_followers, size_t max_backlog)
      : max_followers_(max_followers), max_backlog_(max_backlog) {}

  // A new follower, or nullptr when there are already "max_followers", or
  // after Close.  The caller Removes it when its connection ends.
  std::shared_ptr<Follower> Add();
  void Remove(const std::shared_ptr<Follower>& follower);
  // True when nobody follows: an ingest then need not look up its ids.
  bool Empty();

  // Queues "ids" for every follower and wakes them.
  void Publish(const std::vector<std::string>& ids);

  // Waits up to "timeout" for ids queued for "follower" and moves them to
  // *ids (empty after a timeout).  Returns false once the hub is closed or
  // the follower was dropped: its stream should end.
  bool Wait(Follower* follower, std::chrono::milliseconds timeout,
            std::vector<std::string>* ids);

  // Ends every Wait, now and later.  Idempotent.
  void Close();

 private:
  const int max_followers_;
  const size_t max_backlog_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::set<std::shared_ptr<Follower>> followers_;
  bool closed_ = false;
};

// Sets *matches to whether "quote", as stored, passes "query": the test
// the store applies to a search, asked of the store itself.  Returns the
// store's error, if any.  Costs one or two scans of the quote's
// first-seen day under the query's filters (an undated quote: a scan of
// the undated quotes).  Not owned: "store".
Status MatchesQuery(QuoteStore* store, const QuoteQuery& query,
                    const Quote& quote, bool* matches);

// The descriptor of this process's TCP socket whose local and remote
// addresses are those given (numeric, as getnameinfo prints them), or -1.
int FindSocket(const std::string& local_addr, int local_port,
               const std::string& remote_addr, int remote_port);

// True when the peer of socket "fd" has closed its end or the socket
// failed; false for fd < 0.  Never blocks.
bool PeerClosed(int fd);

}  // namespace quotes

#endif  // CLI_FEED_FOLLOW_H_
