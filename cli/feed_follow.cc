// Copyright The Quote Tracker Authors.

#include "cli/feed_follow.h"

#include <dirent.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>

#include <cstdlib>

namespace quotes {

std::shared_ptr<FeedHub::Follower> FeedHub::Add() {
  std::lock_guard<std::mutex> lock(mu_);
  if (closed_ || followers_.size() >= static_cast<size_t>(max_followers_)) {
    return nullptr;
  }
  auto follower = std::make_shared<Follower>();
  followers_.insert(follower);
  return follower;
}

void FeedHub::Remove(const std::shared_ptr<Follower>& follower) {
  std::lock_guard<std::mutex> lock(mu_);
  followers_.erase(follower);
}

bool FeedHub::Empty() {
  std::lock_guard<std::mutex> lock(mu_);
  return followers_.empty();
}

void FeedHub::Publish(const std::vector<std::string>& ids) {
  if (ids.empty()) return;
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& f : followers_) {
    if (f->ids.size() + ids.size() > max_backlog_) {
      f->dropped = true;
      continue;
    }
    f->ids.insert(f->ids.end(), ids.begin(), ids.end());
  }
  cv_.notify_all();
}

bool FeedHub::Wait(Follower* follower, std::chrono::milliseconds timeout,
                   std::vector<std::string>* ids) {
  ids->clear();
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, timeout, [&] {
    return closed_ || follower->dropped || !follower->ids.empty();
  });
  if (closed_ || follower->dropped) return false;
  ids->assign(follower->ids.begin(), follower->ids.end());
  follower->ids.clear();
  return true;
}

void FeedHub::Close() {
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
  cv_.notify_all();
}

// The store has no test for a single record, but a scan of the quote's
// first-seen day under the query's filters is short.  One scan runs from
// the quote's date towards the past under the query's "since", and, when
// the query has an "until", one towards the future under it; the quote
// must be in both.
Status MatchesQuery(QuoteStore* store, const QuoteQuery& query,
                    const Quote& quote, bool* matches) {
  *matches = false;
  const std::string date =
      quote.sources_size() > 0 ? quote.sources(0).published() : "";
  const std::string day = date.substr(0, 10);
  auto scan = [&](QuoteQuery q, bool* found) -> Status {
    *found = false;
    std::unique_ptr<QuoteIterator> it;
    Status s = store->NewQuoteIterator(q, "", &it);
    // Bounds that cross (a quote dated before "since") match nothing.
    if (s.IsInvalidArgument()) return Status::OK();
    QUOTES_RETURN_IF_ERROR(s);
    for (; it->Valid() && !*found; it->Next()) {
      const Quote& q2 = it->quote();
      const std::string d =
          q2.sources_size() > 0 ? q2.sources(0).published() : "";
      if (d.substr(0, 10) != day) break;  // past the quote's day
      *found = q2.id() == quote.id();
    }
    return it->status();
  };
  if (date.empty()) {
    // Undated quotes fail any "since" and sort as the oldest.
    if (!query.since.empty()) return Status::OK();
    QuoteQuery q = query;
    q.oldest_first = true;
    return scan(q, matches);
  }
  QuoteQuery down = query;
  down.until = date;
  down.oldest_first = false;
  QUOTES_RETURN_IF_ERROR(scan(down, matches));
  if (!*matches || query.until.empty()) return Status::OK();
  QuoteQuery up = query;
  up.since = date;
  up.oldest_first = true;
  return scan(up, matches);
}

namespace {

// "ip", "port" of one end of a socket as httplib prints them.
bool Endpoint(int fd, bool peer, std::string* ip, int* port) {
  sockaddr_storage addr;
  socklen_t len = sizeof(addr);
  sockaddr* sa = reinterpret_cast<sockaddr*>(&addr);
  if ((peer ? getpeername(fd, sa, &len) : getsockname(fd, sa, &len)) != 0) {
    return false;
  }
  char host[NI_MAXHOST];
  char serv[NI_MAXSERV];
  if (getnameinfo(sa, len, host, sizeof(host), serv, sizeof(serv),
                  NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
    return false;
  }
  *ip = host;
  *port = std::atoi(serv);
  return true;
}

}  // namespace

// httplib hands a content provider no socket, and a follower that only
// waits would never learn that its client left; the connection's two
// addresses identify its socket among the process's descriptors.
int FindSocket(const std::string& local_addr, int local_port,
               const std::string& remote_addr, int remote_port) {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return -1;
  int found = -1;
  while (dirent* e = readdir(dir)) {
    char* end = nullptr;
    long fd = std::strtol(e->d_name, &end, 10);
    if (end == e->d_name || *end != '\0' || fd == dirfd(dir)) continue;
    std::string ip;
    int port = 0;
    if (Endpoint(fd, true, &ip, &port) && port == remote_port &&
        ip == remote_addr && Endpoint(fd, false, &ip, &port) &&
        port == local_port && ip == local_addr) {
      found = static_cast<int>(fd);
      break;
    }
  }
  closedir(dir);
  return found;
}

bool PeerClosed(int fd) {
  if (fd < 0) return false;
  pollfd p{fd, POLLRDHUP, 0};
  return poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR));
}

}  // namespace quotes
