// Copyright The Quote Tracker Authors.
//
// The routes of `quotes serve` over cpp-httplib.  httplib runs each
// connection on a thread of its pool and may throw; every handler is
// wrapped so that an exception becomes a 500 with a JSON error.  Requests
// are checked in one place (Prepare, httplib's pre-routing hook) before
// any body is read: the host, the path and the method, so that a request
// the server will refuse never makes it buffer a body.

#include "cli/server.h"

#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "cli/feed_follow.h"
#include "cli/ingest.h"
#include "cli/output.h"
#include "cli/query_support.h"
#include "cli/verify_output.h"
#include "cli/web/assets.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "google/protobuf/util/delimited_message_util.h"
#include "httplib.h"

namespace quotes {

namespace {

using httplib::Request;
using httplib::Response;

// A page of the JSON API: 20 quotes unless asked, never more than 200, so
// that one request stays cheap whatever the store holds.
constexpr long long kDefaultPage = 20;
constexpr long long kMaxPage = 200;
// httplib's own limits, compiled into Debian's libcpp-httplib: a longer
// request line is answered 414, a longer header line 400.
constexpr size_t kMaxUriBytes = 8192;
// Feed frames are gathered into chunks of about this size.
constexpr size_t kFeedChunkBytes = size_t{64} << 10;
// A follower's queue of quote ids; past it the follower is dropped (its
// connection closes), since it cannot keep up with the ingest.
constexpr size_t kMaxFollowerBacklog = 100000;
// How often a waiting follower checks that its client is still there.
constexpr auto kFollowPoll = std::chrono::milliseconds(500);
// At most this many error messages go back in an ingest's answer.
constexpr size_t kMaxIngestErrors = 100;

// ---------------------------------------------------------------------------
// Responses

void SendJson(Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body + "\n", "application/json");
}

void SendError(Response& res, int status, const std::string& message) {
  std::string body = "{\"error\":";
  AppendJsonString(message, &body);
  body.push_back('}');
  SendJson(res, status, body);
}

int HttpStatusOf(const Status& s) {
  switch (s.code()) {
    case Status::Code::kInvalidArgument:
      return 400;
    case Status::Code::kNotFound:
      return 404;
    case Status::Code::kResourceExhausted:
      return 413;
    case Status::Code::kBusy:
      return 503;
    default:
      return 500;
  }
}

void SendStatus(Response& res, const Status& s) {
  SendError(res, HttpStatusOf(s), s.message());
}

// ---------------------------------------------------------------------------
// Parameters

// Checks that every query parameter of "req" is one of "known" and given
// once: a mistyped name ("spekaer") must not silently widen a search.
Status CheckParams(const Request& req, const std::vector<std::string>& known) {
  for (auto it = req.params.begin(); it != req.params.end();
       it = req.params.upper_bound(it->first)) {
    const std::string& name = it->first;
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string names;
      for (const std::string& k : known)
        names += (names.empty() ? "" : ", ") + k;
      return Status::InvalidArgument(
          "unknown parameter '" + name + "'",
          known.empty() ? "this path takes none" : "use " + names);
    }
    if (req.params.count(name) > 1) {
      return Status::InvalidArgument("parameter '" + name + "'",
                                     "given more than once");
    }
  }
  return Status::OK();
}

// The filters of /api/search and /feed, and "more" after them.
std::vector<std::string> FilterParamsAnd(
    std::initializer_list<const char*> more) {
  std::vector<std::string> names = {"speaker", "words", "since",       "until",
                                    "outlet",  "kind",  "oldest_first"};
  names.insert(names.end(), more.begin(), more.end());
  return names;
}

std::string Param(const Request& req, const char* name) {
  auto it = req.params.find(name);
  return it == req.params.end() ? std::string() : it->second;
}

// A whole number parameter in [min, max]; "fallback" when absent or empty.
Status ReadNumber(const Request& req, const char* name, long long fallback,
                  long long min, long long max, long long* out) {
  const std::string v = Param(req, name);
  *out = fallback;
  if (v.empty()) return Status::OK();
  bool digits =
      v.size() <= 18 && v.find_first_not_of("0123456789") == std::string::npos;
  long long n = digits ? std::stoll(v) : -1;
  if (!digits || n < min || n > max) {
    return Status::InvalidArgument(
        name, "'" + v + "' is not a whole number from " + std::to_string(min) +
                  " to " + std::to_string(max));
  }
  *out = n;
  return Status::OK();
}

// A flag parameter: 0 or 1 (also false/true); "fallback" when absent.
Status ReadFlag(const Request& req, const char* name, bool fallback,
                bool* out) {
  const std::string v = Param(req, name);
  *out = fallback;
  if (v.empty()) return Status::OK();
  if (v == "1" || v == "true") {
    *out = true;
  } else if (v == "0" || v == "false") {
    *out = false;
  } else {
    return Status::InvalidArgument(name, "'" + v + "' is not 0 or 1");
  }
  return Status::OK();
}

Status ReadQuery(const Request& req, QuoteQuery* query) {
  QueryFilters filters;
  filters.speaker = Param(req, "speaker");
  filters.words = Param(req, "words");
  filters.since = Param(req, "since");
  filters.until = Param(req, "until");
  filters.outlet = Param(req, "outlet");
  filters.kind = Param(req, "kind");
  QUOTES_RETURN_IF_ERROR(
      ReadFlag(req, "oldest_first", false, &filters.oldest_first));
  return BuildQuoteQuery(filters, "", query);
}

// ---------------------------------------------------------------------------
// JSON bodies

bool AppendQuoteJson(QuoteStore* store, const Quote& stored, std::string* out) {
  Quote quote = stored;
  FillMissingContexts(store, &quote);
  return AppendMessageJson(quote, out);
}

// Reads one page of "it": at most "limit" quotes that pass "keep" as a
// JSON array into *array, and the cursor of the next page into
// *next_cursor ("" when there is none).  Whether a next page exists is
// known only by stepping past the last quote shown, so its cursor is taken
// first.
// The speakers of the quotes read go to *speakers (id to name as given)
// when it is not null.
Status ReadPage(QuoteStore* store, QuoteIterator* it, long long limit,
                const std::function<bool(const Quote&)>& keep,
                std::string* array, std::string* next_cursor,
                std::map<std::string, std::string>* speakers = nullptr) {
  long long count = 0;
  std::string last_cursor;
  array->push_back('[');
  for (; it->Valid(); it->Next()) {
    if (keep && !keep(it->quote())) continue;
    if (count == limit) {
      *next_cursor = last_cursor;
      break;
    }
    if (count > 0) array->push_back(',');
    if (!AppendQuoteJson(store, it->quote(), array)) {
      return Status::Corruption(it->quote().id(), "not printable as JSON");
    }
    const SpeakerRef& speaker = it->quote().speaker();
    if (speakers != nullptr && !speaker.speaker_id().empty()) {
      speakers->emplace(speaker.speaker_id(), speaker.name());
    }
    last_cursor = it->cursor();
    ++count;
  }
  array->push_back(']');
  return it->status();
}

// Appends the stored speakers of "quotes" (a JSON array's quotes, by id
// and name as given) as a JSON object by speaker id: a quote carries the
// name as its article gave it ("Brenner"); a page shows the full one and
// the roles.  The alias index finds them; a speaker it cannot is left out.
Status AppendSpeakersOf(QuoteStore* store,
                        const std::map<std::string, std::string>& names,
                        std::string* out) {
  out->push_back('{');
  bool first = true;
  for (const auto& [id, name] : names) {
    std::vector<Speaker> found;
    QUOTES_RETURN_IF_ERROR(store->FindSpeakers(name, &found));
    for (const Speaker& speaker : found) {
      if (speaker.speaker_id() != id) continue;
      if (!first) out->push_back(',');
      AppendJsonString(id, out);
      out->push_back(':');
      if (!AppendMessageJson(speaker, out)) {
        return Status::Corruption(id, "not printable as JSON");
      }
      first = false;
      break;
    }
  }
  out->push_back('}');
  return Status::OK();
}

void AppendCursor(const std::string& cursor, std::string* out) {
  if (cursor.empty()) {
    out->append("null");
  } else {
    AppendJsonString(cursor, out);
  }
}

// ---------------------------------------------------------------------------
// Speakers

// The speakers "key" designates: the one whose id it is, else those any
// spelling of whose name it is.
Status ResolveSpeaker(QuoteStore* store, const std::string& key,
                      std::vector<Speaker>* found) {
  found->clear();
  // Ids are names in lower case with dashes for spaces; the store lists
  // speakers by a substring of a name, so look for the id's longest part
  // and keep the exact id.
  std::string part;
  size_t from = 0;
  while (from <= key.size()) {
    size_t dash = std::min(key.find('-', from), key.size());
    if (dash - from > part.size()) part = key.substr(from, dash - from);
    from = dash + 1;
  }
  if (!part.empty()) {
    QUOTES_RETURN_IF_ERROR(store->ForEachSpeaker(part, [&](const Speaker& s) {
      if (s.speaker_id() == key) found->push_back(s);
      return found->empty();
    }));
  }
  if (!found->empty()) return Status::OK();
  return store->FindSpeakers(key, found);
}

// Quotes a month ("2024-03") of the speaker "id", over all its quotes.
Status CountMonths(QuoteStore* store, const Speaker& speaker,
                   std::map<std::string, uint64_t>* months, uint64_t* undated) {
  QuoteQuery query;
  query.speaker = speaker.name();
  std::unique_ptr<QuoteIterator> it;
  QUOTES_RETURN_IF_ERROR(store->NewQuoteIterator(query, "", &it));
  for (; it->Valid(); it->Next()) {
    const Quote& q = it->quote();
    if (q.speaker().speaker_id() != speaker.speaker_id()) continue;
    const std::string published =
        q.sources_size() > 0 ? q.sources(0).published() : "";
    if (published.size() >= 7) {
      ++(*months)[published.substr(0, 7)];
    } else {
      ++*undated;
    }
  }
  return it->status();
}

bool AppendDelimited(const Quote& quote, std::string* out) {
  google::protobuf::io::StringOutputStream stream(out);
  return google::protobuf::util::SerializeDelimitedToZeroCopyStream(quote,
                                                                    &stream);
}

// ---------------------------------------------------------------------------
// Routing

struct Route {
  const char* path;
  // kExact: the path itself; kSegment: the path then one non-empty
  // segment; kRest: the path then anything (a speaker's name may hold a
  // slash: "/api/speaker/AC%2FDC").
  enum Kind { kExact, kSegment, kRest } kind;
  const char* method;
};

constexpr Route kRoutes[] = {
    {"/", Route::kExact, "GET"},
    {"/speaker/", Route::kSegment, "GET"},
    {"/assets/", Route::kSegment, "GET"},
    {"/api/search", Route::kExact, "GET"},
    {"/api/speakers", Route::kExact, "GET"},
    {"/api/speaker/", Route::kRest, "GET"},
    {"/api/quote/", Route::kSegment, "GET"},
    {"/api/stats", Route::kExact, "GET"},
    {"/api/verify", Route::kExact, "GET"},
    {"/feed", Route::kExact, "GET"},
    {"/api/ingest", Route::kExact, "POST"},
};

const Route* FindRoute(const std::string& path) {
  for (const Route& r : kRoutes) {
    const size_t n = std::strlen(r.path);
    if (r.kind == Route::kExact
            ? path == r.path
            : path.size() > n && path.compare(0, n, r.path) == 0 &&
                  (r.kind == Route::kRest ||
                   path.find('/', n) == std::string::npos)) {
      return &r;
    }
  }
  return nullptr;
}

bool IsLoopback(const std::string& host) {
  return host == "localhost" || host == "::1" ||
         host.compare(0, 4, "127.") == 0;
}

// The host part of a Host header ("127.0.0.1:8080", "[::1]:80").
std::string HostName(const std::string& header) {
  if (!header.empty() && header[0] == '[') {
    return header.substr(1, header.find(']') - 1);
  }
  return header.substr(0, header.find(':'));
}

std::string MediaType(const std::string& content_type) {
  std::string t = content_type.substr(0, content_type.find(';'));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  std::transform(t.begin(), t.end(), t.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return t;
}

class QuoteServerImpl : public QuoteServer {
 public:
  QuoteServerImpl(const Options& options, QuoteStore* store,
                  const Extractor* extractor)
      : options_(options),
        store_(store),
        extractor_(extractor),
        hub_(options.max_followers, kMaxFollowerBacklog) {}

  ~QuoteServerImpl() override { Stop(); }

  Status Bind();
  int port() const override { return port_; }
  Status Run() override;
  void Stop() override;

 private:
  using Handler = void (QuoteServerImpl::*)(const Request&, Response&);
  // Registers "handler" for GET "pattern", wrapped so that nothing throws
  // into httplib's worker.
  void Get(const char* pattern, Handler handler);
  void SetUp();
  httplib::Server::HandlerResponse Prepare(const Request& req, Response& res);
  httplib::Server::HandlerResponse OnError(const Request& req, Response& res);

  void Page(const Request& req, Response& res);
  void Asset(const Request& req, Response& res);
  void Search(const Request& req, Response& res);
  void Speakers(const Request& req, Response& res);
  void SpeakerPage(const Request& req, Response& res);
  void QuoteById(const Request& req, Response& res);
  void Stats(const Request& req, Response& res);
  void VerifyClaim(const Request& req, Response& res);
  void Feed(const Request& req, Response& res);
  void Ingest(const Request& req, Response& res,
              const httplib::ContentReader& reader);
  Status IngestBody(const std::string& body, std::string* summary,
                    uint64_t* skipped);

  const Options options_;
  QuoteStore* const store_;
  const Extractor* const extractor_;
  httplib::Server http_;
  FeedHub hub_;
  int port_ = 0;
  std::mutex ingest_mu_;  // one ingest at a time: they share the extractor
                          // threads' budget and the store's writer
  std::atomic<bool> stopped_{false};
};

void QuoteServerImpl::Get(const char* pattern, Handler handler) {
  http_.Get(pattern, [this, handler](const Request& req, Response& res) {
    (this->*handler)(req, res);
  });
}

Status QuoteServerImpl::Bind() {
  if (options_.port < 0 || options_.port > 65535) {
    return Status::InvalidArgument("--port", "use a port from 0 to 65535");
  }
  SetUp();
  const std::string where = options_.host + ":" + std::to_string(options_.port);
  errno = 0;
  if (options_.port == 0) {
    port_ = http_.bind_to_any_port(options_.host);
    if (port_ > 0) return Status::OK();
  } else if (http_.bind_to_port(options_.host, options_.port)) {
    port_ = options_.port;
    return Status::OK();
  }
  const int err = errno;
  if (err == EADDRINUSE) {
    return Status::Busy(where,
                        "the port is in use by another process; choose "
                        "another with --port (0: any free port)");
  }
  if (err == 0 || err == ENOENT || err == EINVAL) {
    return Status::InvalidArgument(
        where,
        "cannot listen there (is the host an address of this "
        "machine?)");
  }
  return Status::IOError(where, std::strerror(err));
}

void QuoteServerImpl::SetUp() {
  // Followers hold a thread each; the others serve requests.
  const size_t threads = static_cast<size_t>(options_.max_followers) + 8;
  http_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http_.set_payload_max_length(options_.max_body_bytes);
  // httplib's default sets SO_REUSEPORT, which lets a second server take
  // the same port and share its connections; SO_REUSEADDR alone still
  // allows a restart while old connections linger, and a port in use is
  // an error.
  http_.set_socket_options([](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  // Short keep-alive: a browser's idle connections would otherwise hold
  // threads, and delay a shutdown, for the default 5 s.
  http_.set_keep_alive_timeout(2);
  http_.set_read_timeout(30);
  http_.set_write_timeout(30);
  http_.set_default_headers({
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
      {"Cache-Control", "no-store"},
  });
  http_.set_pre_routing_handler(
      [this](const Request& req, Response& res) { return Prepare(req, res); });
  http_.set_error_handler(httplib::Server::HandlerWithResponse(
      [this](const Request& req, Response& res) { return OnError(req, res); }));
  http_.set_exception_handler(
      [](const Request&, Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        SendError(res, 500, "internal error: " + what);
      });

  Get("/", &QuoteServerImpl::Page);
  Get(R"(/speaker/[^/]+)", &QuoteServerImpl::Page);
  Get(R"(/assets/([^/]+))", &QuoteServerImpl::Asset);
  Get("/api/search", &QuoteServerImpl::Search);
  Get("/api/speakers", &QuoteServerImpl::Speakers);
  Get(R"(/api/speaker/(.+))", &QuoteServerImpl::SpeakerPage);
  Get(R"(/api/quote/([^/]+))", &QuoteServerImpl::QuoteById);
  Get("/api/stats", &QuoteServerImpl::Stats);
  Get("/api/verify", &QuoteServerImpl::VerifyClaim);
  Get("/feed", &QuoteServerImpl::Feed);
  http_.Post("/api/ingest", [this](const Request& req, Response& res,
                                   const httplib::ContentReader& reader) {
    Ingest(req, res, reader);
  });
  // A POST without a body never reaches the handler above.
  http_.Post("/api/ingest", [](const Request&, Response& res) {
    SendError(res, 400, "empty body: post documents as JSON Lines");
  });
}

httplib::Server::HandlerResponse QuoteServerImpl::Prepare(const Request& req,
                                                          Response& res) {
  using R = httplib::Server::HandlerResponse;
  // A page elsewhere can make a browser send requests to a loopback
  // server under another host name (DNS rebinding); only the names of
  // this machine may read it.
  const std::string host = HostName(req.get_header_value("Host"));
  if (IsLoopback(options_.host) && !host.empty() && !IsLoopback(host)) {
    SendError(res, 403, "host '" + host + "' is not this server");
    return R::Handled;
  }
  const bool has_body = req.has_header("Transfer-Encoding") ||
                        req.get_header_value<uint64_t>("Content-Length") > 0;
  const Route* route = FindRoute(req.path);
  if (route == nullptr) {
    SendError(res, 404, "no such path: " + req.path);
  } else if (req.method != route->method &&
             !(req.method == "HEAD" &&
               std::strcmp(route->method, "GET") == 0)) {
    const std::string allow =
        std::strcmp(route->method, "GET") == 0 ? "GET, HEAD" : "POST";
    res.set_header("Allow", allow);
    SendError(res, 405,
              "method " + req.method + " is not allowed on " + req.path +
                  " (allowed: " + allow + ")");
  } else if (has_body && req.method != "POST") {
    SendError(res, 400, "a " + req.method + " request takes no body");
  } else {
    return R::Unhandled;
  }
  // The body, if any, is left unread: the connection cannot be reused.
  if (has_body) res.set_header("Connection", "close");
  return R::Handled;
}

httplib::Server::HandlerResponse QuoteServerImpl::OnError(const Request& req,
                                                          Response& res) {
  using R = httplib::Server::HandlerResponse;
  if (!res.body.empty()) return R::Unhandled;  // a handler's own answer
  switch (res.status) {
    case 400:
      if (req.method.empty() ||
          (req.method != "GET" && req.method != "HEAD" &&
           req.method != "POST" && req.method != "PUT" &&
           req.method != "DELETE" && req.method != "OPTIONS" &&
           req.method != "PATCH")) {
        res.set_header("Allow", "GET, HEAD, POST");
        SendError(res, 405, "method not allowed");
      } else {
        SendError(res, 400, "malformed request");
      }
      break;
    case 404:
      SendError(res, 404, "no such path: " + req.path);
      break;
    case 413:
      SendError(res, 413,
                "request body over the limit of " +
                    std::to_string(options_.max_body_bytes) + " bytes");
      break;
    case 414:
      SendError(res, 414,
                "request URI over the limit of " +
                    std::to_string(kMaxUriBytes) + " bytes");
      break;
    default:
      SendError(res, res.status,
                "request failed (HTTP " + std::to_string(res.status) + ")");
  }
  return R::Handled;
}

Status QuoteServerImpl::Run() {
  if (stopped_) return Status::OK();
  bool listened = false;
  try {
    listened = http_.listen_after_bind();
  } catch (const std::exception& e) {
    return Status::IOError(options_.host + ":" + std::to_string(port_),
                           e.what());
  }
  if (!listened && !stopped_) {
    return Status::IOError(options_.host + ":" + std::to_string(port_),
                           "the listening socket failed");
  }
  return Status::OK();
}

void QuoteServerImpl::Stop() {
  stopped_ = true;
  hub_.Close();  // followers end their streams and free their threads
  // httplib ignores a stop that comes before its loop has started; a
  // caller racing Run calls again (serve_command.cc does).
  http_.stop();
}

// ---------------------------------------------------------------------------
// The page

void QuoteServerImpl::Page(const Request&, Response& res) {
  // The page reads its own parameters (the search in the address).
  const WebAsset* page = FindWebAsset("index.html");
  if (page == nullptr) {
    SendError(res, 500, "the page is missing from this build");
    return;
  }
  // Everything the page loads comes from here; no inline script or style
  // may run, which also stops any markup that slipped into a quote.
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; script-src 'self'; style-src 'self'; "
                 "img-src 'self'; connect-src 'self'; base-uri 'none'; "
                 "form-action 'self'; frame-ancestors 'none'");
  res.set_content(page->data, page->size, page->content_type);
}

void QuoteServerImpl::Asset(const Request& req, Response& res) {
  const WebAsset* asset = req.path == "/assets/index.html"
                              ? nullptr
                              : FindWebAsset(req.matches[1].str());
  if (asset == nullptr) {
    SendError(res, 404, "no such path: " + req.path);
    return;
  }
  res.set_content(asset->data, asset->size, asset->content_type);
}

// ---------------------------------------------------------------------------
// The JSON API

void QuoteServerImpl::Search(const Request& req, Response& res) {
  QuoteQuery query;
  long long limit = 0;
  Status s = CheckParams(req, FilterParamsAnd({"limit", "cursor"}));
  if (s.ok()) s = ReadQuery(req, &query);
  if (s.ok()) s = ReadNumber(req, "limit", kDefaultPage, 1, kMaxPage, &limit);
  std::unique_ptr<QuoteIterator> it;
  if (s.ok()) s = store_->NewQuoteIterator(query, Param(req, "cursor"), &it);
  std::string body = "{\"quotes\":";
  std::string next;
  std::map<std::string, std::string> speakers;
  if (s.ok()) {
    s = ReadPage(store_, it.get(), limit, nullptr, &body, &next, &speakers);
  }
  body += ",\"next_cursor\":";
  AppendCursor(next, &body);
  body += ",\"speakers\":";
  if (s.ok()) s = AppendSpeakersOf(store_, speakers, &body);
  if (!s.ok()) return SendStatus(res, s);
  body.push_back('}');
  SendJson(res, 200, body);
}

void QuoteServerImpl::Speakers(const Request& req, Response& res) {
  long long limit = 0;
  Status s = CheckParams(req, {"match", "limit"});
  if (s.ok()) s = ReadNumber(req, "limit", kDefaultPage, 1, kMaxPage, &limit);
  // Suggestions are best with the most quoted first; the store lists them
  // by name, so a bounded number of matches is gathered and sorted.
  constexpr size_t kMaxGathered = 10000;
  std::vector<Speaker> speakers;
  bool truncated = false;
  if (s.ok()) {
    s = store_->ForEachSpeaker(Param(req, "match"), [&](const Speaker& sp) {
      speakers.push_back(sp);
      truncated = speakers.size() >= kMaxGathered;
      return !truncated;
    });
  }
  if (!s.ok()) return SendStatus(res, s);
  std::stable_sort(speakers.begin(), speakers.end(),
                   [](const Speaker& a, const Speaker& b) {
                     return a.quote_count() > b.quote_count();
                   });
  std::string body = "{\"speakers\":[";
  for (size_t i = 0; i < speakers.size() && i < static_cast<size_t>(limit);
       ++i) {
    if (i > 0) body.push_back(',');
    if (!AppendMessageJson(speakers[i], &body)) {
      return SendError(res, 500, "a speaker is not printable as JSON");
    }
  }
  body +=
      "],\"matched\":" + std::to_string(speakers.size()) + ",\"more\":" +
      (truncated || speakers.size() > static_cast<size_t>(limit) ? "true"
                                                                 : "false") +
      "}";
  SendJson(res, 200, body);
}

void QuoteServerImpl::SpeakerPage(const Request& req, Response& res) {
  const std::string key = req.matches[1].str();
  long long limit = 0;
  bool oldest_first = false;
  Status s = CheckParams(req, {"limit", "cursor", "oldest_first"});
  if (s.ok()) s = ReadNumber(req, "limit", kDefaultPage, 1, kMaxPage, &limit);
  if (s.ok()) s = ReadFlag(req, "oldest_first", false, &oldest_first);
  std::vector<Speaker> found;
  if (s.ok()) s = ResolveSpeaker(store_, key, &found);
  if (!s.ok()) return SendStatus(res, s);
  if (found.empty()) return SendError(res, 404, "no speaker '" + key + "'");
  if (found.size() > 1) {
    std::string body = "{\"error\":";
    AppendJsonString("'" + key + "' names " + std::to_string(found.size()) +
                         " speakers; ask for one by its speaker_id",
                     &body);
    body += ",\"speakers\":[";
    for (size_t i = 0; i < found.size(); ++i) {
      if (i > 0) body.push_back(',');
      if (!AppendMessageJson(found[i], &body)) return SendError(res, 500, "");
    }
    return SendJson(res, 300, body + "]}");
  }
  const Speaker& speaker = found[0];
  // The store selects quotes by a name, which may designate others too
  // (a surname two people share): keep this speaker's own.
  QuoteQuery query;
  query.speaker = speaker.name();
  query.oldest_first = oldest_first;
  const std::string cursor = Param(req, "cursor");
  std::unique_ptr<QuoteIterator> it;
  s = store_->NewQuoteIterator(query, cursor, &it);
  std::string body = "{\"speaker\":";
  if (!AppendMessageJson(speaker, &body)) s = Status::Corruption("speaker");
  body += ",\"quotes\":";
  std::string next;
  if (s.ok()) {
    s = ReadPage(
        store_, it.get(), limit,
        [&speaker](const Quote& q) {
          return q.speaker().speaker_id() == speaker.speaker_id();
        },
        &body, &next);
  }
  body += ",\"next_cursor\":";
  AppendCursor(next, &body);
  // The timeline covers every quote; later pages leave it out.
  if (s.ok() && cursor.empty()) {
    std::map<std::string, uint64_t> months;
    uint64_t undated = 0;
    s = CountMonths(store_, speaker, &months, &undated);
    body += ",\"timeline\":{\"months\":[";
    bool first = true;
    for (const auto& [month, n] : months) {
      body += first ? "" : ",";
      body += "{\"month\":";
      AppendJsonString(month, &body);
      body += ",\"quotes\":" + std::to_string(n) + "}";
      first = false;
    }
    body += "],\"undated\":" + std::to_string(undated) + "}";
  }
  if (!s.ok()) return SendStatus(res, s);
  SendJson(res, 200, body + "}");
}

void QuoteServerImpl::QuoteById(const Request& req, Response& res) {
  const std::string id = req.matches[1].str();
  Status s = CheckParams(req, {});
  Quote quote;
  if (s.ok()) s = store_->GetQuote(id, &quote);
  if (s.IsNotFound())
    return SendError(res, 404, "no quote with id '" + id + "'");
  if (!s.ok()) return SendStatus(res, s);
  std::string body;
  if (!AppendQuoteJson(store_, quote, &body)) {
    return SendError(res, 500, "the quote is not printable as JSON");
  }
  SendJson(res, 200, body);
}

void QuoteServerImpl::Stats(const Request& req, Response& res) {
  Status s = CheckParams(req, {});
  StoreStats stats;
  if (s.ok()) s = store_->GetStats(&stats);
  if (!s.ok()) return SendStatus(res, s);
  std::string body = "{\"store\":";
  AppendJsonString(options_.store_path, &body);
  body += ",\"documents\":" + std::to_string(stats.documents) +
          ",\"quotes\":" + std::to_string(stats.quotes) +
          ",\"speakers\":" + std::to_string(stats.speakers) +
          ",\"sources\":" + std::to_string(stats.sources) + "}";
  SendJson(res, 200, body);
}

// "Did X really say that?": the claim in "text", the speaker it names in
// "speaker"; the answer is cli/verify_output.h's JSON, 200 whatever the
// verdict.
void QuoteServerImpl::VerifyClaim(const Request& req, Response& res) {
  VerifyRequest request;
  long long limit = 0;
  Status s = CheckParams(req, {"text", "speaker", "limit"});
  if (s.ok()) s = ReadNumber(req, "limit", 5, 1, kMaxPage, &limit);
  request.text = Param(req, "text");
  request.speaker = Param(req, "speaker");
  request.max_matches = static_cast<size_t>(limit);
  VerifyResult result;
  if (s.ok()) s = store_->Verify(request, &result);
  if (!s.ok()) return SendStatus(res, s);
  std::string body;
  if (!AppendVerifyJson(request, result, &body)) {
    return SendError(res, 500, "a quote is not printable as JSON");
  }
  SendJson(res, 200, body);
}

// ---------------------------------------------------------------------------
// The protobuf feed

// One /feed response: the stored quotes first, then, with follow, the new
// ones.  Owned by the response's content provider.
struct FeedState {
  QuoteQuery query;
  std::unique_ptr<QuoteIterator> stored;  // null once read
  long long limit = 0;                    // of the stored quotes; 0: all
  long long sent = 0;
  std::shared_ptr<FeedHub::Follower> follower;  // null without follow
  int socket = -1;
};

void QuoteServerImpl::Feed(const Request& req, Response& res) {
  auto state = std::make_shared<FeedState>();
  bool follow = false;
  bool backlog = true;
  Status s = CheckParams(
      req, FilterParamsAnd({"limit", "cursor", "follow", "backlog"}));
  if (s.ok()) s = ReadQuery(req, &state->query);
  if (s.ok()) {
    s = ReadNumber(req, "limit", 0, 0, 1LL << 53, &state->limit);
  }
  if (s.ok()) s = ReadFlag(req, "follow", false, &follow);
  if (s.ok()) s = ReadFlag(req, "backlog", true, &backlog);
  if (s.ok() && !follow && !backlog) {
    s = Status::InvalidArgument("backlog=0", "needs follow=1");
  }
  // A follower is registered before the stored quotes are read, so that
  // nothing stored meanwhile is missed (it may come twice).
  if (s.ok() && follow) {
    state->follower = hub_.Add();
    if (state->follower == nullptr) {
      return SendError(res, 503,
                       "too many followers (" +
                           std::to_string(options_.max_followers) +
                           "); try again later");
    }
    state->socket = FindSocket(req.local_addr, req.local_port, req.remote_addr,
                               req.remote_port);
  }
  if (s.ok() && backlog) {
    s = store_->NewQuoteIterator(state->query, Param(req, "cursor"),
                                 &state->stored);
  }
  if (!s.ok()) {
    if (state->follower) hub_.Remove(state->follower);
    return SendStatus(res, s);
  }
  auto provider = [this, state](size_t, httplib::DataSink& sink) {
    std::string chunk;
    if (state->stored) {
      QuoteIterator* it = state->stored.get();
      for (; it->Valid() && chunk.size() < kFeedChunkBytes &&
             (state->limit == 0 || state->sent < state->limit);
           it->Next()) {
        if (!AppendDelimited(it->quote(), &chunk)) return false;
        ++state->sent;
      }
      // A store error ends the response without its last chunk: the
      // client sees a cut stream, never a short one that looks whole.
      if (!it->status().ok()) return false;
      if (!it->Valid() || (state->limit > 0 && state->sent == state->limit)) {
        state->stored.reset();
      }
      if (!chunk.empty()) return sink.write(chunk.data(), chunk.size());
    }
    if (!state->follower) {
      sink.done();
      return true;
    }
    std::vector<std::string> ids;
    for (;;) {
      if (!hub_.Wait(state->follower.get(), kFollowPoll, &ids)) {
        sink.done();  // the server is stopping
        return true;
      }
      if (PeerClosed(state->socket)) return false;
      for (const std::string& id : ids) {
        Quote quote;
        bool matches = false;
        if (!store_->GetQuote(id, &quote).ok() ||
            !MatchesQuery(store_, state->query, quote, &matches).ok() ||
            !matches) {
          continue;
        }
        if (!AppendDelimited(quote, &chunk)) return false;
      }
      if (!chunk.empty()) return sink.write(chunk.data(), chunk.size());
    }
  };
  res.set_chunked_content_provider("application/x-protobuf", provider,
                                   [this, state](bool) {
                                     if (state->follower)
                                       hub_.Remove(state->follower);
                                   });
}

// ---------------------------------------------------------------------------
// Ingest

void QuoteServerImpl::Ingest(const Request& req, Response& res,
                             const httplib::ContentReader& reader) {
  // A page elsewhere may post to a loopback server too, but only with the
  // content types of a plain form (text/plain among them) unless the
  // server allows more; requiring a JSON type turns such a post away.
  const std::string type = MediaType(req.get_header_value("Content-Type"));
  if (type != "application/x-ndjson" && type != "application/jsonl" &&
      type != "application/x-jsonlines" && type != "application/json") {
    res.set_header("Connection", "close");
    return SendError(res, 415,
                     "post JSON Lines with Content-Type: "
                     "application/x-ndjson (not '" +
                         type + "')");
  }
  const std::string origin = req.get_header_value("Origin");
  if (!origin.empty() && origin != "http://" + req.get_header_value("Host")) {
    res.set_header("Connection", "close");
    return SendError(res, 403, "posts from " + origin + " are not accepted");
  }
  // httplib bounds a body with a Content-Length; a chunked one is bounded
  // here.
  std::string body;
  bool over = false;
  const bool read = reader([&](const char* data, size_t n) {
    over = body.size() + n > options_.max_body_bytes;
    if (!over) body.append(data, n);
    return !over;
  });
  // httplib refuses a Content-Length over the limit before any byte.
  over = over || req.get_header_value<uint64_t>("Content-Length") >
                     options_.max_body_bytes;
  if (!read && !over) {
    // A cut body is never ingested in part.
    res.set_header("Connection", "close");
    return SendError(res, 400, "the request body could not be read whole");
  }
  if (over) {
    res.set_header("Connection", "close");
    return SendError(res, 413,
                     "request body over the limit of " +
                         std::to_string(options_.max_body_bytes) + " bytes");
  }
  std::string summary;
  uint64_t skipped = 0;
  Status s = IngestBody(body, &summary, &skipped);
  if (!s.ok()) {
    // The summary says what was stored before the store failed.
    std::string out = "{\"error\":";
    AppendJsonString(s.message(), &out);
    return SendJson(res, HttpStatusOf(s), out + "," + summary + "}");
  }
  if (skipped > 0) {
    std::string out = "{\"error\":";
    AppendJsonString(std::to_string(skipped) +
                         (skipped == 1 ? " record was" : " records were") +
                         " skipped (see errors); the others were stored",
                     &out);
    return SendJson(res, 400, out + "," + summary + "}");
  }
  SendJson(res, 200, "{" + summary + "}");
}

// Runs the ingest pipeline over "body" and writes the members of its JSON
// summary to *summary.
Status QuoteServerImpl::IngestBody(const std::string& body,
                                   std::string* summary, uint64_t* skipped) {
  // The document reader reads files: the body becomes an in-memory one,
  // read through its /proc name like any path.
  const int fd = memfd_create("quotes-ingest", MFD_CLOEXEC);
  if (fd < 0) return Status::IOError("request body", std::strerror(errno));
  for (size_t done = 0; done < body.size();) {
    ssize_t n = write(fd, body.data() + done, body.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      Status s = Status::IOError("request body", std::strerror(errno));
      close(fd);
      return s;
    }
    done += static_cast<size_t>(n);
  }
  IngestOptions options;
  options.reader.format = DocumentReader::Format::kJsonLines;
  options.reader.max_record_bytes =
      std::max<size_t>(options_.max_body_bytes, 1);
  options.threads = options_.ingest_threads;
  options.name = "body";
  std::vector<std::string> errors;
  IngestCallbacks callbacks;
  callbacks.skipped = [&errors](const Status& error) {
    if (errors.size() < kMaxIngestErrors) errors.push_back(error.message());
  };
  callbacks.stored = [this](const Document& doc,
                            const QuoteStore::AddResult& added,
                            const IngestTally&) {
    if (added.unchanged || hub_.Empty()) return;
    // Followers get every quote the document added or joined, as stored.
    Document stored;
    if (store_->GetDocument(doc.doc_id(), &stored).ok()) {
      hub_.Publish({stored.quote_ids().begin(), stored.quote_ids().end()});
    }
  };
  IngestTally tally;
  Status s;
  {
    std::lock_guard<std::mutex> lock(ingest_mu_);
    s = IngestInputs({"/proc/self/fd/" + std::to_string(fd)}, options,
                     *extractor_, store_, callbacks, &tally);
  }
  close(fd);
  *skipped = tally.skipped_count();
  std::string& j = *summary;
  j = "\"documents\":{\"stored\":" +
      std::to_string(tally.added + tally.replaced) +
      ",\"new\":" + std::to_string(tally.added) +
      ",\"replaced\":" + std::to_string(tally.replaced) +
      ",\"unchanged\":" + std::to_string(tally.unchanged) + "}";
  j += ",\"quotes\":{\"new\":" + std::to_string(tally.new_quotes) +
       ",\"merged\":" + std::to_string(tally.merged_quotes) + "}";
  j += ",\"speakers\":{\"new\":" + std::to_string(tally.new_speakers) + "}";
  j += ",\"skipped\":" + std::to_string(*skipped) + ",\"errors\":[";
  for (size_t i = 0; i < errors.size(); ++i) {
    if (i > 0) j.push_back(',');
    AppendJsonString(errors[i], &j);
  }
  j += "]";
  return s;
}

}  // namespace

Status QuoteServer::Create(const Options& options, QuoteStore* store,
                           const Extractor* extractor,
                           std::unique_ptr<QuoteServer>* server) {
  server->reset();
  auto impl = std::make_unique<QuoteServerImpl>(options, store, extractor);
  Status s;
  try {
    s = impl->Bind();
  } catch (const std::exception& e) {
    s = Status::IOError(options.host, e.what());
  }
  if (s.ok()) *server = std::move(impl);
  return s;
}

}  // namespace quotes
