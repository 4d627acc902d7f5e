// Copyright The Quote Tracker Authors.
//
// `quotes serve`: the store behind an HTTP server (cli/server.h) until
// SIGINT or SIGTERM.  The signals are taken by a thread of this command
// (sigwait), not by a handler: stopping the server takes locks, which a
// handler may not.

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <thread>

#include "CLI/CLI.hpp"
#include "cli/commands_internal.h"
#include "cli/server.h"
#include "quotes/extractor.h"

namespace quotes {

namespace {

bool IsLoopbackHost(const std::string& host) {
  return host == "localhost" || host == "::1" ||
         host.compare(0, 4, "127.") == 0;
}

std::string Url(const std::string& host, int port) {
  const bool v6 = host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + host + "]" : host) + ":" +
         std::to_string(port) + "/";
}

// Takes SIGINT and SIGTERM for the life of a server: the first one stops
// it.  "signals" must be blocked in every thread (the caller blocks them
// before any thread starts; threads inherit the mask).
class SignalWatcher {
 public:
  SignalWatcher(const sigset_t& signals, QuoteServer* server)
      : signals_(signals), server_(server), thread_([this] { Watch(); }) {}

  // Call once Run has returned.  Ends the thread, with a signal of its
  // own when none came.
  void Finish() {
    finished_ = true;
    if (!signalled_) pthread_kill(thread_.native_handle(), SIGTERM);
    thread_.join();
  }

  // The signal that stopped the server, or 0.
  int signal() const { return signal_; }

 private:
  void Watch() {
    int sig = 0;
    while (sigwait(&signals_, &sig) != 0) {
    }
    if (finished_) return;
    signal_ = sig;
    signalled_ = true;
    // A stop that comes just before the server's loop starts is ignored by
    // httplib: repeat it until Run has returned.
    while (!finished_) {
      server_->Stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  const sigset_t signals_;
  QuoteServer* const server_;
  std::atomic<bool> finished_{false};
  std::atomic<bool> signalled_{false};
  std::atomic<int> signal_{0};
  std::thread thread_;
};

int Serve(const ServeFlags& flags, const CommandIo& io,
          const sigset_t& signals) {
  const std::string store_path = flags.db.empty() ? DefaultDbPath() : flags.db;
  std::unique_ptr<QuoteStore> store;
  Status s = OpenStore(store_path, flags.create, &store);
  std::unique_ptr<Extractor> extractor;
  if (s.ok()) {
    Extractor::Options options;
    options.rules_path = flags.rules;
    s = Extractor::Create(options, &extractor);
  }
  QuoteServer::Options options;
  options.host = flags.host;
  options.port = flags.port;
  options.max_body_bytes = flags.max_body_bytes;
  options.ingest_threads = flags.threads;
  options.store_path = store_path;
  std::unique_ptr<QuoteServer> server;
  if (s.ok()) {
    s = QuoteServer::Create(options, store.get(), extractor.get(), &server);
  }
  if (!s.ok()) {
    ReportError(io, s);
    return kExitError;
  }
  if (!IsLoopbackHost(flags.host)) {
    io.err->Write("quotes: warning: listening on " + flags.host +
                  ": anyone who reaches it can read the store and add "
                  "documents (there is no authentication)\n");
    io.err->Flush();
  }
  // The address goes to stdout, where a script started with --port 0
  // finds the port that was picked.
  io.out->Write("serving " + store_path + " at " +
                Url(flags.host, server->port()) + "\n");
  io.out->Flush();

  SignalWatcher watcher(signals, server.get());
  s = server->Run();
  watcher.Finish();
  server.reset();  // before the store it reads
  store.reset();
  if (!s.ok()) {
    ReportError(io, s);
    return kExitError;
  }
  io.err->Write(std::string("quotes: serve: stopped by ") +
                (watcher.signal() == SIGINT ? "SIGINT" : "SIGTERM") +
                "; the store is closed\n");
  io.err->Flush();
  return kExitOk;
}

}  // namespace

CLI::App* AddServeCommand(CLI::App* app, const char* db_help,
                          ServeFlags* flags) {
  CLI::App* cmd = app->add_subcommand(
      "serve",
      "Serve the store: a web page, a JSON API, a protobuf feed and ingest "
      "over HTTP");
  cmd->add_option("--db", flags->db, db_help)->type_name("DIR");
  cmd->add_flag("--create", flags->create,
                "Make the store when it is missing (as ingest does)");
  cmd->add_option("--host", flags->host,
                  "The address to listen on; anything but loopback lets "
                  "others read the store and add documents")
      ->type_name("ADDR")
      ->capture_default_str();
  cmd->add_option("--port", flags->port, "The port; 0 picks a free one")
      ->type_name("N")
      ->capture_default_str()
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            bool digits =
                !v.empty() && v.size() <= 5 &&
                v.find_first_not_of("0123456789") == std::string::npos;
            if (digits && std::stoi(v) <= 65535) return "";
            return "'" + v + "' is not a port (0 to 65535)";
          },
          ""));
  cmd->add_option("--max-body-bytes", flags->max_body_bytes,
                  "Largest POST /api/ingest body; a larger one gets 413")
      ->type_name("BYTES")
      ->capture_default_str()
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            bool digits =
                !v.empty() && v.size() <= 18 &&
                v.find_first_not_of("0123456789") == std::string::npos;
            if (digits && std::stoull(v) >= 1) return "";
            return "'" + v + "' is not a whole number of 1 or more";
          },
          ""));
  cmd->add_option("--rules", flags->rules,
                  "A rule catalogue for ingested documents (default: the "
                  "one built in)")
      ->type_name("FILE");
  cmd->add_option("--threads", flags->threads,
                  "Extraction threads of an ingest (default: one a core)")
      ->type_name("N")
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            bool digits =
                !v.empty() && v.size() <= 4 &&
                v.find_first_not_of("0123456789") == std::string::npos;
            if (digits && std::stoi(v) >= 1) return "";
            return "'" + v + "' is not a whole number from 1 to 9999";
          },
          ""));
  cmd->footer(
      "\nRoutes: / (the page), /speaker/ID, /api/search, /api/speakers, "
      "/api/speaker/ID, /api/quote/ID, /api/stats, /feed (length-delimited "
      "Quote stream; follow=1 keeps it open for new quotes), POST "
      "/api/ingest (JSON Lines, as quotes ingest reads). See README.md, "
      "\"Serving\".\n"
      "Prints 'serving DIR at URL' on stdout once listening. SIGINT or "
      "SIGTERM stops it: requests in progress end, the store is closed.\n"
      "\nExit status: 0 after a stop by SIGINT or SIGTERM, 2 on any error "
      "(a store in use by another process, a port in use, a bad flag).\n"
      "Errors go to stderr as 'quotes: <message>'.");
  return cmd;
}

int RunServe(const ServeFlags& flags, const CommandIo& io) {
  sigset_t signals;
  sigset_t old;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, &old);
  int code = Serve(flags, io, signals);
  // A second signal that came during the shutdown is dropped rather than
  // left to kill the process when the mask is restored.
  timespec zero{0, 0};
  while (sigtimedwait(&signals, nullptr, &zero) > 0) {
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return code;
}

}  // namespace quotes
