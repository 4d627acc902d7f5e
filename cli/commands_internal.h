// Copyright The Quote Tracker Authors.
//
// Internals of the `quotes` command shared by its source files: the parsed
// flags of each subcommand and the functions that run them.  Not an API:
// everything outside cli/ goes through RunQuotes (commands.h).

#ifndef CLI_COMMANDS_INTERNAL_H_
#define CLI_COMMANDS_INTERNAL_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "quotes/document_reader.h"
#include "quotes/status.h"
#include "storage/quote_store.h"

namespace CLI {
class App;
}  // namespace CLI

namespace quotes {

// Flags of the commands that read documents (extract, ingest).
struct InputFlags {
  std::vector<std::string> files;  // empty: stdin
  std::string rules;               // --rules: a rule catalogue
  size_t max_bytes = kDefaultMaxRecordBytes;
  int threads = 0;  // 0: one a core
};

struct ExtractFlags {
  InputFlags input;
  bool jsonl = false;
};

struct IngestFlags {
  InputFlags input;
  std::string db;
};

// Filters and paging of query and export.
struct QueryFlags {
  std::string db;
  std::string speaker;
  std::string words;
  std::string since;
  std::string until;
  std::string outlet;
  std::string kind;
  bool oldest_first = false;
  long long limit = 20;  // 0: no limit
  std::string cursor;
  std::string format;  // text|json|jsonl, or pb|jsonl for export
};

struct SpeakersFlags {
  std::string db;
  std::string match;
  std::string format;
};

struct ShowFlags {
  std::string db;
  std::string id;
  std::string format;
};

struct ServeFlags {
  std::string db;
  bool create = false;
  std::string host = "127.0.0.1";
  int port = 8080;
  size_t max_body_bytes = size_t{64} << 20;
  std::string rules;
  int threads = 0;  // 0: one a core
};

// Adds the serve subcommand to "app" with its flags bound to *flags;
// "db_help" describes --db (serve_command.cc).
CLI::App* AddServeCommand(CLI::App* app, const char* db_help,
                          ServeFlags* flags);

struct EvalFlags {
  std::string gold;
  std::string pred;  // empty: extract the gold documents
  int errors = 0;
  bool json = false;
  std::string rules;
};

// Adds the eval subcommand to "app" with its flags bound to *flags
// (eval_command.cc).
CLI::App* AddEvalCommand(CLI::App* app, EvalFlags* flags);
int RunEval(const EvalFlags& flags, const CommandIo& io);

int RunExtract(const ExtractFlags& flags, const CommandIo& io);
int RunIngest(const IngestFlags& flags, const CommandIo& io);
int RunQuery(const QueryFlags& flags, const CommandIo& io);
int RunExport(const QueryFlags& flags, const CommandIo& io);
int RunSpeakers(const SpeakersFlags& flags, const CommandIo& io);
int RunShow(const ShowFlags& flags, const CommandIo& io);
int RunServe(const ServeFlags& flags, const CommandIo& io);

// Prints "quotes: <status>" on stderr.
void ReportError(const CommandIo& io, const Status& status);

// The exit status of a command that wanted to exit with "code", after
// flushing stdout: a broken pipe is a quiet 0, another write error is
// reported and gives 2.
int Finish(const CommandIo& io, int code);

// Opens the store at "db" (empty: DefaultDbPath()).  With "create" the
// store and its parent directories are made when missing; without it a
// missing store is NotFound with a hint to ingest first.
Status OpenStore(const std::string& db, bool create,
                 std::unique_ptr<QuoteStore>* store);

}  // namespace quotes

#endif  // CLI_COMMANDS_INTERNAL_H_
