// Copyright The Quote Tracker Authors.
//
// Flag parsing and dispatch.  CLI11 reports errors and --help by throwing;
// every exception is caught here, at the parse site, and turned into an
// exit status, so nothing throws out of RunQuotes.

#include "cli/commands.h"

#include <errno.h>
#include <sys/stat.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <utility>

#include "CLI/CLI.hpp"
#include "cli/check_command.h"
#include "cli/commands_internal.h"
#include "cli/verify_command.h"
#include "storage/store_lock.h"

namespace quotes {

namespace {

// One-line usage of each command, printed with a usage error.
const std::map<std::string, std::string>& Usages() {
  static const auto* usages = new std::map<std::string, std::string>{
      {"",
       "quotes COMMAND [OPTIONS] ...  (commands: extract, ingest, query, "
       "speakers, show, export, serve, verify, eval, check)"},
      {"extract",
       "quotes extract [--jsonl] [--rules FILE] [--threads N] [--max-bytes "
       "BYTES] [FILE|-]..."},
      {"ingest",
       "quotes ingest [--db DIR] [--rules FILE] [--threads N] [--max-bytes "
       "BYTES] [FILE|-]..."},
      {"query",
       "quotes query [--db DIR] [--speaker NAME] [--words TEXT] [--since "
       "DATE] [--until DATE] [--outlet NAME] [--kind KIND] [--limit N] "
       "[--cursor TOKEN] [--oldest-first] [--format text|json|jsonl]"},
      {"speakers",
       "quotes speakers [--db DIR] [--match TEXT] [--format text|json]"},
      {"show", "quotes show [--db DIR] [--format text|json] QUOTE_ID"},
      {"export",
       "quotes export [--db DIR] [--format pb|jsonl] [query filters]"},
      {"verify", kVerifyUsage},
      {"serve",
       "quotes serve [--db DIR] [--create] [--host ADDR] [--port N] "
       "[--max-body-bytes BYTES] [--rules FILE] [--threads N]"},
      {"check", kCheckUsage},
  };
  return *usages;
}

int UsageError(const CommandIo& io, const std::string& command,
               const std::string& message) {
  io.err->Write("quotes: " + message + "\n");
  auto it = Usages().find(command);
  if (it != Usages().end()) io.err->Write("Usage: " + it->second + "\n");
  io.err->Write("Run 'quotes" + (command.empty() ? "" : " " + command) +
                " --help' for more information.\n");
  io.err->Flush();
  return kExitError;
}

const char kDbHelp[] =
    "The store's directory (default: $QUOTES_DB, else "
    "$XDG_DATA_HOME/quotes/db, else ~/.local/share/quotes/db)";

// The end of every command's help.
const char kStatusFooter[] =
    "\nExit status: 0 with results, 1 when nothing was found (no quote, no "
    "speaker, no such id), 2 on any error.\n"
    "Errors go to stderr as 'quotes: <message>'; data goes to stdout.";

const char kMainFooter[] =
    "\nThe store defaults to $QUOTES_DB, else $XDG_DATA_HOME/quotes/db, else "
    "~/.local/share/quotes/db.\n"
    "Run 'quotes COMMAND --help' for a command's options.";

const char kInputFooter[] =
    "\nInput: JSON Lines (one object a line: doc_id, text, and optional url, "
    "title, outlet, published; the names date, publication_date and "
    "publisher are read too) when a file ends in .jsonl or .json or starts "
    "with '{', plain text otherwise (a whole file is one document, its id "
    "the path). With no FILE, or '-', reads stdin. Input must be UTF-8; "
    "gzip is not read: gunzip first. A bad line is reported as FILE:LINE "
    "and the other lines still go in.";

// A whole number of at least "min", with a message that says so instead
// of CLI11's range in floating point.
CLI::Validator WholeNumber(unsigned min) {
  return CLI::Validator(
      [min](std::string& value) -> std::string {
        bool digits = !value.empty() && value.find_first_not_of("0123456789") ==
                                            std::string::npos;
        if (digits && value.size() > 18) return "'" + value + "' is too large";
        if (digits && std::stoull(value) >= min) return "";
        return "'" + value + "' is not a whole number of " +
               std::to_string(min) + " or more";
      },
      "");
}

void AddInputFlags(CLI::App* command, InputFlags* flags) {
  command
      ->add_option("--rules", flags->rules,
                   "A rule catalogue in text format (default: the one built "
                   "in)")
      ->type_name("FILE");
  command
      ->add_option("--max-bytes", flags->max_bytes,
                   "Longest JSON line or plain-text document, in bytes; "
                   "longer ones are skipped with an error")
      ->type_name("BYTES")
      ->capture_default_str()
      ->check(WholeNumber(1));
  command
      ->add_option("--threads", flags->threads,
                   "Extraction threads (default: one a core)")
      ->type_name("N")
      ->check(WholeNumber(1));
  command->add_option("FILE", flags->files, "Input files; '-' is stdin")
      ->type_name("");
}

void AddDbFlag(CLI::App* command, std::string* db) {
  command->add_option("--db", *db, kDbHelp)->type_name("DIR");
}

void AddQueryFilters(CLI::App* command, QueryFlags* flags) {
  command
      ->add_option("--speaker", flags->speaker,
                   "Any spelling of the speaker's name (case-insensitive)")
      ->type_name("NAME");
  command
      ->add_option("--words", flags->words,
                   "Words the quote must hold; \"a phrase\" in double quotes")
      ->type_name("TEXT");
  command
      ->add_option("--since", flags->since,
                   "First seen on or after DATE (2019, 2019-05, 2019-05-03, "
                   "May 3 2019)")
      ->type_name("DATE");
  command->add_option("--until", flags->until, "First seen on or before DATE")
      ->type_name("DATE");
  command
      ->add_option("--outlet", flags->outlet,
                   "An outlet that carried the quote (case-insensitive)")
      ->type_name("NAME");
  command->add_option("--kind", flags->kind, "direct, indirect or mixed")
      ->type_name("KIND")
      ->check(CLI::IsMember({"direct", "indirect", "mixed"}));
  command->add_flag("--oldest-first", flags->oldest_first,
                    "Oldest first (default: newest first)");
}

// The unknown option or unexpected argument that CLI11 left over, named
// alone as the rest of the command does ("unknown option '--bogus'").
std::string ExtrasMessage(const CLI::App& command, const CLI::ExtrasError& e) {
  std::vector<std::string> extras = command.remaining();
  if (extras.empty()) return e.what();
  const std::string& first = extras[0];
  if (first.size() > 1 && first[0] == '-') {
    return "unknown option '" + first + "'";
  }
  return "unexpected argument '" + first + "'";
}

}  // namespace

std::string DefaultDbPath() {
  const char* db = std::getenv("QUOTES_DB");
  if (db != nullptr && *db != '\0') return db;
  const char* data = std::getenv("XDG_DATA_HOME");
  if (data != nullptr && *data != '\0') return std::string(data) + "/quotes/db";
  const char* home = std::getenv("HOME");
  if (home != nullptr && *home != '\0') {
    return std::string(home) + "/.local/share/quotes/db";
  }
  return "quotes-db";
}

void ReportError(const CommandIo& io, const Status& status) {
  io.err->Write("quotes: " + status.ToString() + "\n");
  io.err->Flush();
}

int Finish(const CommandIo& io, int code) {
  io.out->Flush();
  if (io.out->broken_pipe()) return kExitOk;
  if (io.out->failed()) {
    ReportError(io, io.out->status());
    return kExitError;
  }
  return code;
}

namespace {

// mkdir -p.
Status MakeDirs(const std::string& path) {
  if (path.empty()) return Status::OK();
  struct stat st;
  if (stat(path.c_str(), &st) == 0) {
    return S_ISDIR(st.st_mode) ? Status::OK()
                               : Status::IOError(path, "is not a directory");
  }
  size_t slash = path.find_last_of('/');
  if (slash != std::string::npos && slash > 0) {
    QUOTES_RETURN_IF_ERROR(MakeDirs(path.substr(0, slash)));
  }
  if (mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
    return Status::IOError(path, std::strerror(errno));
  }
  return Status::OK();
}

}  // namespace

Status OpenStore(const std::string& db, bool create,
                 std::unique_ptr<QuoteStore>* store) {
  const std::string path = db.empty() ? DefaultDbPath() : db;
  struct stat st;
  if (create) {
    size_t slash = path.find_last_of('/');
    Status s = slash != std::string::npos && slash > 0
                   ? MakeDirs(path.substr(0, slash))
                   : Status::OK();
    if (!s.ok()) {
      return Status::IOError(
          path, "cannot make the store's parent directory: " + s.message());
    }
  } else if (stat(path.c_str(), &st) != 0) {
    return Status::NotFound(
        path, "no store here (create one with: quotes ingest --db " + path +
                  " FILE)");
  }
  QuoteStore::Options options;
  options.create_if_missing = create;
  // Bulk ingest writes many small batches: a buffer larger than the 8 MB
  // default means fewer compactions in the middle of a run, but a larger
  // memtable costs more at each insert.  Paired ingests of bbc_reuters:
  // 8 MB took 0.92 of the time of 32 MB, 16 MB the same as 8 MB, 4 MB
  // 1.16 times as long as 8 MB and 64 MB 1.16 times 32 MB; of 200 MB of
  // repeated news, 16 MB and 32 MB took the same time.
  if (create) options.write_buffer_bytes = size_t{16} << 20;
  Status s = QuoteStore::Open(options, path, store);
  if (s.IsBusy()) {
    // The store's own message names LevelDB's lock file; say what it means,
    // and which process to wait for when the kernel can tell.
    const std::string holder = StoreLockHolder(path);
    return Status::Busy(path, "the store is in use by another process (" +
                                  (holder.empty() ? "" : holder + "; ") +
                                  "one at a time may hold it); try again "
                                  "when that one ends");
  }
  return s;
}

int RunQuotes(const std::vector<std::string>& args, const CommandIo& io) {
  CLI::App app("Quote and attribution tracker: who said what, where and when.",
               "quotes");
  app.require_subcommand(1);
  app.footer(std::string(kStatusFooter) + kMainFooter);

  ExtractFlags extract;
  CLI::App* extract_cmd = app.add_subcommand(
      "extract", "Print the quotes of documents without storing them");
  extract_cmd->add_flag(
      "--jsonl", extract.jsonl,
      "Read JSON Lines and print one JSON object a quote (the evaluation "
      "contract, see README.md)");
  AddInputFlags(extract_cmd, &extract.input);
  extract_cmd->footer(std::string(kInputFooter) + kStatusFooter);

  IngestFlags ingest;
  CLI::App* ingest_cmd = app.add_subcommand(
      "ingest", "Extract the quotes of documents and add them to the store");
  AddDbFlag(ingest_cmd, &ingest.db);
  AddInputFlags(ingest_cmd, &ingest.input);
  ingest_cmd->footer(std::string(kInputFooter) +
                     "\nIngesting a document again changes nothing; a changed "
                     "text under the same doc_id replaces it. Exit 2 if any "
                     "input was bad (the good ones are still stored)." +
                     kStatusFooter);

  QueryFlags query;
  CLI::App* query_cmd =
      app.add_subcommand("query", "Find stored quotes, newest first");
  query_cmd->footer(
      std::string("\nText output ends with 'more: --cursor TOKEN' when "
                  "there is a next page; json holds it as next_cursor; with "
                  "jsonl it goes to stderr.") +
      kStatusFooter);
  AddDbFlag(query_cmd, &query.db);
  AddQueryFilters(query_cmd, &query);
  query_cmd->add_option("--limit", query.limit, "At most N quotes (0: all)")
      ->type_name("N")
      ->capture_default_str()
      ->check(WholeNumber(0));
  query_cmd
      ->add_option("--cursor", query.cursor,
                   "Resume after the last quote of an earlier page")
      ->type_name("TOKEN");
  query.format = "text";
  query_cmd->add_option("--format", query.format, "text, json or jsonl")
      ->type_name("FORMAT")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json", "jsonl"}));

  SpeakersFlags speakers;
  CLI::App* speakers_cmd = app.add_subcommand(
      "speakers", "List stored speakers with their aliases and quote counts");
  speakers_cmd->footer(kStatusFooter);
  AddDbFlag(speakers_cmd, &speakers.db);
  speakers_cmd
      ->add_option("--match", speakers.match,
                   "Only speakers whose name or an alias contains TEXT "
                   "(case-insensitive)")
      ->type_name("TEXT");
  speakers.format = "text";
  speakers_cmd->add_option("--format", speakers.format, "text or json")
      ->type_name("FORMAT")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json"}));

  ShowFlags show;
  CLI::App* show_cmd = app.add_subcommand(
      "show", "Show one quote with all its sources and their context");
  show_cmd->footer(kStatusFooter);
  AddDbFlag(show_cmd, &show.db);
  show.format = "text";
  show_cmd->add_option("--format", show.format, "text or json")
      ->type_name("FORMAT")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json"}));
  show_cmd->add_option("QUOTE_ID", show.id, "A quote id (from query)")
      ->type_name("")
      ->required()
      ->check(CLI::Validator(
          [](std::string& id) -> std::string {
            return id.empty() ? "an empty id; give one from 'quotes query'"
                              : "";
          },
          ""));

  QueryFlags exported;
  exported.limit = 0;
  CLI::App* export_cmd = app.add_subcommand(
      "export", "Write stored quotes as a feed (protobuf or JSON Lines)");
  export_cmd->footer(
      "\nFormats: pb, a length-delimited Quote stream (a varint length, then "
      "the message: the framing of protobuf's writeDelimitedTo and "
      "parseDelimitedFrom; refused on a terminal), or jsonl, one Quote a "
      "line. Quotes come in query order, newest first unless "
      "--oldest-first." +
      std::string(kStatusFooter));
  AddDbFlag(export_cmd, &exported.db);
  AddQueryFilters(export_cmd, &exported);
  export_cmd->add_option("--limit", exported.limit, "At most N quotes (0: all)")
      ->type_name("N")
      ->capture_default_str()
      ->check(WholeNumber(0));
  exported.format = "pb";
  export_cmd->add_option("--format", exported.format, "pb or jsonl")
      ->type_name("FORMAT")
      ->capture_default_str()
      ->check(CLI::IsMember({"pb", "jsonl"}));

  ServeFlags serve;
  CLI::App* serve_cmd = AddServeCommand(&app, kDbHelp, &serve);

  VerifyFlags verify;
  CLI::App* verify_cmd =
      AddVerifyCommand(&app, kDbHelp, WholeNumber(0), &verify);
  CheckFlags check;
  CLI::App* check_cmd = AddCheckCommand(&app, kDbHelp, &check);

  EvalFlags eval;
  CLI::App* eval_cmd = AddEvalCommand(&app, &eval);

  // CLI11 would call a mistyped command "an argument not expected", and an
  // unknown option before the command "a missing subcommand".
  if (args.size() <= 1) return UsageError(io, "", "a command is required");
  if (args[1] != "-h" && args[1] != "--help") {
    bool known = false;
    const std::function<bool(const CLI::App*)> all = [](const CLI::App*) {
      return true;
    };
    for (const CLI::App* command : std::as_const(app).get_subcommands(all)) {
      known = known || command->get_name() == args[1];
    }
    if (!known && !args[1].empty() && args[1][0] == '-') {
      return UsageError(io, "", "unknown option '" + args[1] + "'");
    }
    if (!known) return UsageError(io, "", "unknown command '" + args[1] + "'");
  }

  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::CallForHelp&) {
    io.out->Write(app.help());
    return Finish(io, kExitOk);
  } catch (const CLI::CallForAllHelp&) {
    io.out->Write(app.help("", CLI::AppFormatMode::All));
    return Finish(io, kExitOk);
  } catch (const CLI::ExtrasError& e) {
    auto parsed = app.get_subcommands();
    if (parsed.empty()) return UsageError(io, "", ExtrasMessage(app, e));
    return UsageError(io, parsed[0]->get_name(), ExtrasMessage(*parsed[0], e));
  } catch (const CLI::ParseError& e) {
    auto parsed = app.get_subcommands();
    return UsageError(io, parsed.empty() ? "" : parsed[0]->get_name(),
                      e.what());
  } catch (const std::exception& e) {
    return UsageError(io, "", e.what());
  }

  if (extract_cmd->parsed()) return RunExtract(extract, io);
  if (ingest_cmd->parsed()) return RunIngest(ingest, io);
  if (query_cmd->parsed()) return RunQuery(query, io);
  if (speakers_cmd->parsed()) return RunSpeakers(speakers, io);
  if (show_cmd->parsed()) return RunShow(show, io);
  if (export_cmd->parsed()) return RunExport(exported, io);
  if (verify_cmd->parsed()) return RunVerify(verify, io);
  if (serve_cmd->parsed()) return RunServe(serve, io);
  if (eval_cmd->parsed()) return RunEval(eval, io);
  if (check_cmd->parsed()) return RunCheck(check, io);
  return UsageError(io, "", "a command is required");
}

}  // namespace quotes
