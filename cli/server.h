// Copyright The Quote Tracker Authors.
//
// QuoteServer: the HTTP server of `quotes serve` over one store.
//
// LevelDB lets one process hold a store, so the server is the only reader
// and writer while it runs: besides the web page, the JSON API and the
// protobuf feed it accepts documents (POST /api/ingest), and the feed's
// followers receive the quotes of each document as it is stored.  The
// routes, their parameters and limits are in README.md ("Serving").
//
// HTTP is cpp-httplib's (a thread pool, one connection a thread); JSON is
// protobuf's printer, with the field names of proto/quote.proto.  Nothing
// throws out of this class: httplib's and protobuf's exceptions are caught
// at the handler boundary and answered with 500.
//
// Thread safety: Run blocks; Stop may be called from any thread, once Run
// has started or before.  port() is safe from any thread.

#ifndef CLI_SERVER_H_
#define CLI_SERVER_H_

#include <cstddef>
#include <memory>
#include <string>

#include "quotes/extractor.h"
#include "quotes/status.h"
#include "storage/quote_store.h"

namespace quotes {

class QuoteServer {
 public:
  struct Options {
    // The address to listen on.  Loopback by default: the server has no
    // authentication, and anyone who reaches it may add documents.
    std::string host = "127.0.0.1";
    // 0: any free port (see port()).
    int port = 8080;
    // The longest request body (POST /api/ingest), bytes; a longer one is
    // refused with 413 before anything is stored.
    size_t max_body_bytes = size_t{64} << 20;
    // Connections a feed may hold open with follow=1 at once; one more is
    // refused with 503.  Each holds one thread of the pool.
    int max_followers = 8;
    // Extraction threads of an ingest; 0: one a core.
    int ingest_threads = 0;
    // The store's path, named in GET /api/stats.
    std::string store_path;
  };

  // Binds "options.host":"options.port" and prepares the routes; nothing is
  // served before Run.  On success stores the server in *server and returns
  // OK.  On failure leaves *server empty and returns Busy when the port is
  // in use, InvalidArgument for a host that does not resolve or a port out
  // of range, IOError otherwise; the message names host and port.  Not
  // owned, and must outlive the server: "store", "extractor".
  static Status Create(const Options& options, QuoteStore* store,
                       const Extractor* extractor,
                       std::unique_ptr<QuoteServer>* server);

  virtual ~QuoteServer() = default;
  QuoteServer(const QuoteServer&) = delete;
  QuoteServer& operator=(const QuoteServer&) = delete;

  // The port listened on (the one picked when Options::port was 0).
  virtual int port() const = 0;

  // Serves until Stop.  Returns OK after Stop, once every request in
  // progress has ended (an ingest runs to its end; followers are closed);
  // IOError if the listening socket failed.
  virtual Status Run() = 0;

  // Makes Run return.  Idempotent.  Not async-signal-safe: call it from a
  // thread, not from a signal handler.
  virtual void Stop() = 0;

 protected:
  QuoteServer() = default;
};

}  // namespace quotes

#endif  // CLI_SERVER_H_
