// Copyright The Quote Tracker Authors.

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "quotes/document_reader.h"

namespace quotes {
namespace {

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
}

std::string WriteFile(const std::string& name, const std::string& content) {
  std::string path = TempPath(name);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  return path;
}

// Everything a reader yields: the documents, each per-record error, and the
// status that ended the input.
struct ReadAll {
  std::vector<Document> docs;
  std::vector<std::string> errors;
  Status end;
};

ReadAll Read(const std::string& path, DocumentReader::Options options = {}) {
  ReadAll all;
  std::unique_ptr<DocumentReader> reader;
  all.end = DocumentReader::Open(path, options, &reader);
  if (!all.end.ok()) return all;
  Document doc;
  Status s;
  while (reader->Next(&doc, &s)) {
    if (s.ok()) {
      all.docs.push_back(doc);
    } else {
      all.errors.push_back(s.ToString());
    }
  }
  all.end = s;
  return all;
}

TEST(DocumentReader, ReadsJsonLinesWithAliases) {
  std::string path = WriteFile(
      "aliases.jsonl",
      "{\"doc_id\": \"a\", \"text\": \"One.\", \"url\": \"http://x/a\", "
      "\"title\": \"A\", \"outlet\": \"Post\", \"published\": "
      "\"2019-05-03\"}\n"
      "\n"
      "{\"doc_id\": \"b\", \"text\": \"Two.\", \"publisher\": \"Herald\", "
      "\"date\": \"May 4, 2019\", \"extra\": [1, 2]}\r\n"
      "{\"doc_id\": 42, \"text\": \"Three.\", \"publication_date\": "
      "\"2019-05-05T12:00:00+02:00\", \"url\": null}\n"
      "{\"text\": \"Four.\", \"published\": \"sometime in May\"}");
  ReadAll all = Read(path);
  ASSERT_TRUE(all.end.ok()) << all.end.ToString();
  ASSERT_TRUE(all.errors.empty()) << all.errors[0];
  ASSERT_EQ(all.docs.size(), 4u);
  EXPECT_EQ(all.docs[0].doc_id(), "a");
  EXPECT_EQ(all.docs[0].url(), "http://x/a");
  EXPECT_EQ(all.docs[0].title(), "A");
  EXPECT_EQ(all.docs[0].outlet(), "Post");
  EXPECT_EQ(all.docs[0].published(), "2019-05-03");
  EXPECT_EQ(all.docs[1].outlet(), "Herald");
  EXPECT_EQ(all.docs[1].published(), "2019-05-04");
  EXPECT_EQ(all.docs[1].text(), "Two.");
  EXPECT_EQ(all.docs[2].doc_id(), "42");
  EXPECT_EQ(all.docs[2].published(), "2019-05-05T10:00:00Z");
  EXPECT_EQ(all.docs[2].url(), "");
  EXPECT_EQ(all.docs[3].doc_id(), path + ":5");
  EXPECT_EQ(all.docs[3].published(), "");
}

TEST(DocumentReader, ReportsBadLinesByFileAndLineAndReadsTheRest) {
  struct Case {
    std::string line;
    const char* message;  // expected in the error
  } cases[] = {
      {"{\"doc_id\": \"x\", \"text\": ", "malformed JSON"},
      {"{\"doc_id\": \"x\"}", "missing \"text\""},
      {"{\"doc_id\": \"x\", \"text\": 5}",
       "\"text\" is a number, not a string"},
      {"{\"doc_id\": \"x\", \"text\": null}", "\"text\" is null, not a string"},
      {"{\"doc_id\": \"x\", \"text\": \"\"}", "empty \"text\""},
      {"{\"doc_id\": {\"a\": 1}, \"text\": \"x\", \"title\": 7}", nullptr},
      {"{\"doc_id\": \"x\", \"text\": [\"a\"]}",
       "\"text\" is an array, not a string"},
      {"[{\"doc_id\": \"x\", \"text\": \"a\"}]", "JSON array"},
      {"\"just a string\"", "not a JSON object"},
      {"{\"doc_id\": \"x\", \"text\": \"caf\xE9\"}", "invalid UTF-8 at column"},
      {std::string("{\"text\": \"a\0b\"}", 15), "NUL byte at column 12"},
  };
  for (const Case& c : cases) {
    std::string path = WriteFile(
        "bad.jsonl", "{\"doc_id\": \"1\", \"text\": \"First.\"}\n" + c.line +
                         "\n{\"doc_id\": \"3\", \"text\": \"Third.\"}\n");
    ReadAll all = Read(path);
    EXPECT_TRUE(all.end.ok()) << c.line << ": " << all.end.ToString();
    if (c.message == nullptr) {  // read, with the odd fields left out
      ASSERT_EQ(all.docs.size(), 3u) << c.line;
      EXPECT_EQ(all.docs[1].doc_id(), path + ":2");
      EXPECT_EQ(all.docs[1].title(), "");
      continue;
    }
    ASSERT_EQ(all.docs.size(), 2u) << c.line;
    EXPECT_EQ(all.docs[1].doc_id(), "3") << c.line;
    ASSERT_EQ(all.errors.size(), 1u) << c.line;
    EXPECT_NE(all.errors[0].find(path + ":2: "), std::string::npos)
        << all.errors[0];
    EXPECT_NE(all.errors[0].find(c.message), std::string::npos)
        << all.errors[0];
    // Protobuf's caret display would print the whole line: one line only.
    EXPECT_EQ(all.errors[0].find('\n'), std::string::npos) << all.errors[0];
  }
}

TEST(DocumentReader, InputErrorsEndTheInputWithAClearStatus) {
  std::string dir = TempPath("a_directory");
  mkdir(dir.c_str(), 0755);
  struct Case {
    std::string path;
    Status::Code code;
    const char* message;
  } cases[] = {
      {TempPath("no_such_file.jsonl"), Status::Code::kIOError,
       "No such file or directory"},
      {dir, Status::Code::kIOError, "is a directory"},
      {WriteFile("empty.jsonl", ""), Status::Code::kInvalidArgument,
       "empty input"},
      {WriteFile("blank.jsonl", "\n  \n\n"), Status::Code::kInvalidArgument,
       "empty input"},
      {WriteFile("empty.txt", ""), Status::Code::kInvalidArgument,
       "empty input"},
      {WriteFile("binary.txt", std::string("ab\0cd", 5)),
       Status::Code::kInvalidArgument, "binary file (NUL byte at offset 2)"},
      {WriteFile("packed.jsonl.gz", "\x1f\x8b\x08\x00rest"),
       Status::Code::kNotSupported, "gunzip"},
  };
  for (const Case& c : cases) {
    ReadAll all = Read(c.path);
    EXPECT_EQ(all.end.code(), c.code) << c.path << ": " << all.end.ToString();
    EXPECT_NE(all.end.ToString().find(c.message), std::string::npos)
        << all.end.ToString();
    EXPECT_NE(all.end.ToString().find(c.path), std::string::npos)
        << all.end.ToString();
    EXPECT_TRUE(all.docs.empty()) << c.path;
  }
}

TEST(DocumentReader, UnreadableFileIsAnIOError) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads any file";
  std::string path = WriteFile("secret.jsonl", "{\"text\": \"x\"}\n");
  chmod(path.c_str(), 0);
  ReadAll all = Read(path);
  EXPECT_TRUE(all.end.IsIOError()) << all.end.ToString();
  EXPECT_NE(all.end.ToString().find("Permission denied"), std::string::npos);
}

TEST(DocumentReader, PlainTextIsOneDocumentNamedByItsPath) {
  std::string path =
      WriteFile("article.txt", "  \"We will,\" she said.\n\nMore text.\n");
  ReadAll all = Read(path);
  ASSERT_TRUE(all.end.ok()) << all.end.ToString();
  ASSERT_EQ(all.docs.size(), 1u);
  EXPECT_EQ(all.docs[0].doc_id(), path);
  EXPECT_EQ(all.docs[0].text(), "  \"We will,\" she said.\n\nMore text.\n");
}

TEST(DocumentReader, PlainTextWithInvalidUtf8IsRefused) {
  ReadAll all = Read(WriteFile("latin1.txt", "Line one.\ncaf\xE9 au lait\n"));
  ASSERT_EQ(all.errors.size(), 1u);
  EXPECT_NE(all.errors[0].find("invalid UTF-8 at byte 13 (line 2)"),
            std::string::npos)
      << all.errors[0];
  EXPECT_TRUE(all.docs.empty());
}

TEST(DocumentReader, DetectsTheFormat) {
  struct Case {
    const char* name;
    const char* content;
    DocumentReader::Format format;
  } cases[] = {
      {"a.jsonl", "{\"text\": \"x\"}", DocumentReader::Format::kJsonLines},
      {"a.json", "{\"text\": \"x\"}", DocumentReader::Format::kJsonLines},
      {"a.txt", "\n  {\"text\": \"x\"}", DocumentReader::Format::kJsonLines},
      {"a.data", "\xEF\xBB\xBF{\"text\": \"x\"}",
       DocumentReader::Format::kJsonLines},
      {"b.txt", "Plain {text}.", DocumentReader::Format::kPlainText},
      {"b", "\"Quoted,\" he said.", DocumentReader::Format::kPlainText},
  };
  for (const Case& c : cases) {
    std::unique_ptr<DocumentReader> reader;
    ASSERT_TRUE(
        DocumentReader::Open(WriteFile(c.name, c.content), {}, &reader).ok());
    EXPECT_EQ(reader->format(), c.format) << c.name;
    Document doc;
    Status s;
    ASSERT_TRUE(reader->Next(&doc, &s)) << c.name;
    EXPECT_TRUE(s.ok()) << c.name << ": " << s.ToString();
  }
}

TEST(DocumentReader, NextMayWaitOnlyOnAPipeWithNoWholeLine) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const std::string lines = "{\"text\": \"a\"}\n{\"text\": \"b\"}\n";
  ASSERT_EQ(write(fds[1], lines.data(), lines.size()),
            static_cast<ssize_t>(lines.size()));
  std::unique_ptr<DocumentReader> reader;
  DocumentReader::Options options;
  options.format = DocumentReader::Format::kJsonLines;
  ASSERT_TRUE(DocumentReader::Open("/dev/fd/" + std::to_string(fds[0]), options,
                                   &reader)
                  .ok());
  DocumentRecord record;
  Status s;
  ASSERT_TRUE(reader->NextRecord(&record, &s));
  EXPECT_FALSE(reader->NextMayWait());  // the second line is buffered
  ASSERT_TRUE(reader->NextRecord(&record, &s));
  EXPECT_TRUE(reader->NextMayWait());  // the writer has not closed the pipe
  close(fds[1]);
  EXPECT_FALSE(reader->NextRecord(&record, &s));
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_FALSE(reader->NextMayWait());
  close(fds[0]);

  ASSERT_TRUE(
      DocumentReader::Open(WriteFile("file.jsonl", lines), {}, &reader).ok());
  ASSERT_TRUE(reader->NextRecord(&record, &s));
  ASSERT_TRUE(reader->NextRecord(&record, &s));
  EXPECT_FALSE(reader->NextMayWait());  // a regular file never waits
}

TEST(DocumentReader, LineOverTheLimitIsSkippedAndReadingGoesOn) {
  DocumentReader::Options options;
  options.max_record_bytes = 100;
  std::string long_line =
      "{\"doc_id\": \"long\", \"text\": \"" + std::string(300, 'x') + "\"}";
  ReadAll all =
      Read(WriteFile("limit.jsonl",
                     "{\"doc_id\": \"a\", \"text\": \"ok\"}\n" + long_line +
                         "\n{\"doc_id\": \"b\", \"text\": \"ok\"}"),
           options);
  EXPECT_TRUE(all.end.ok()) << all.end.ToString();
  ASSERT_EQ(all.docs.size(), 2u);
  EXPECT_EQ(all.docs[1].doc_id(), "b");
  ASSERT_EQ(all.errors.size(), 1u);
  EXPECT_NE(all.errors[0].find("ResourceExhausted"), std::string::npos);
  EXPECT_NE(all.errors[0].find(":2: line of 330 bytes is over the limit of "
                               "100 bytes"),
            std::string::npos)
      << all.errors[0];

  ReadAll text = Read(WriteFile("limit.txt", std::string(300, 'y')), options);
  EXPECT_EQ(text.end.code(), Status::Code::kResourceExhausted)
      << text.end.ToString();
}

TEST(DocumentReader, ReadsAFiftyMegabyteLine) {
  const size_t kSize = 50u << 20;
  std::string text(kSize, 'a');
  for (size_t i = 80; i < kSize; i += 81) text[i] = ' ';
  std::string path = WriteFile(
      "big.jsonl", "{\"doc_id\": \"big\", \"text\": \"" + text + "\"}\n");
  text.clear();
  ReadAll all = Read(path);
  ASSERT_TRUE(all.end.ok()) << all.end.ToString();
  ASSERT_EQ(all.docs.size(), 1u);
  EXPECT_EQ(all.docs[0].text().size(), kSize);
  unlink(path.c_str());
}

// The fast path (simdjson) must read every line as the protobuf path does,
// or leave it to it: same status, same document.
TEST(ParseRecord, FastPathAgreesWithProtobufPath) {
  const std::string long_text(size_t{3} << 20, 'a');
  const std::vector<std::string> lines = {
      R"({"doc_id": "a", "text": "He said so.", "outlet": "X"})",
      R"({"text": "No id."})",
      R"({"docId": "camel", "text": "t", "publicationDate": "2024-03-04"})",
      R"({"doc_id": "a", "docId": "b", "text": "both names"})",
      R"({"doc_id": "a", "doc_id": "b", "text": "twice"})",
      R"({"text": "one", "text": "two"})",
      R"({"doc_id": 42, "text": "numeric id"})",
      R"({"doc_id": 1.5e300, "text": "big id"})",
      R"({"doc_id": null, "text": "null id", "url": null})",
      R"({"text": "t", "title": 7, "outlet": ["a"], "date": {"y": 1}})",
      R"({"text": "t", "extra": {"a": [1, 2, {"b": null}]}, "n": -0.0})",
      R"({"text": "t", "": "b", "": "c"})",
      R"({"text": "t", "x": 1, "x": 2})",
      R"({"text": "t", "x": {"a": 1, "a": 2}})",
      R"({"text": "t", "x": [{"a": 1, "a": 2}]})",
      R"({"text": "t", "x": {"": {"": 1}}})",
      R"({"text": "t", "x": {"": 1, "": 2}})",
      R"({"text": "t", "": 1})",
      R"({"": 1, "text": "t", "x": 2, "x": 3})",
      R"({"text": "t", "deep": [[[[[[[[[[[[1]]]]]]]]]]]]})",
      R"({"text": "t", "big": 123456789012345678901234567890})",
      R"({"text": "t", "huge": 1e400})",
      R"({"text": "surrogates \ud83d\ude00 and \u00e9"})",
      R"({"text": "lone \ud800 surrogate"})",
      R"({"text": "lone low \udc00"})",
      R"({"text": "escaped nul \u0000 in text"})",
      R"({"doc_id": "id\u0000x", "text": "t"})",
      "{\"text\": \"raw\ttab\"}",
      "{\"text\": \"raw\x01control\"}",
      "\xEF\xBB\xBF{\"text\": \"after a byte order mark\"}",
      R"({"text": "t"} trailing)",
      R"({"text": "t",})",
      R"({'text': 'single quotes'})",
      R"({text: "unquoted key"})",
      R"({"t\u0065xt": "escaped key"})",
      R"(  {"text" : "spaces"}  )",
      R"({"text": ""})",
      R"({"text": "   "})",
      R"({})",
      R"([{"text": "array"}])",
      R"("just a string")",
      R"({"text": "t", "other": "bad \xff byte"})",
      "{\"text\": \"overlong \xC0\xAF\"}",
      "{\"text\": \"bad \xff byte\"}",
      R"({"text": "t", "published": "Fri, 03 May 2019 10:00:00 +0000"})",
      R"({"text": "t", "published": "", "date": "2019-05-03"})",
      R"({"text": "t", "outlet": "", "publisher": "P"})",
      R"({"text": "t", "url": "\/path\/"})",
      R"({"text": true})",
      R"({"text": "t")",
      "{\"text\": \"" + long_text + "\"}",
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    DocumentRecord record;
    record.source = "in.jsonl";
    record.line = i + 1;
    record.data = lines[i];
    Document fast;
    Document reference;
    const Status a = ParseRecord(record, &fast);
    const Status b =
        reader_internal::ParseRecordWithProtobuf(record, &reference);
    EXPECT_EQ(a.ToString(), b.ToString()) << lines[i].substr(0, 200);
    EXPECT_EQ(fast.SerializeAsString(), reference.SerializeAsString())
        << lines[i].substr(0, 200);
  }
}

TEST(NormalizeDate, ReadsCommonFormats) {
  struct Case {
    const char* in;
    const char* out;  // nullptr: refused
  } cases[] = {
      {"2019-05-03", "2019-05-03"},
      {" 2019-05-03 ", "2019-05-03"},
      {"2019-5-3", "2019-05-03"},
      {"2019/05/03", "2019-05-03"},
      {"20190503", "2019-05-03"},
      {"2019-05-03T10:00:00Z", "2019-05-03T10:00:00Z"},
      {"2019-05-03T10:00:00.123Z", "2019-05-03T10:00:00Z"},
      {"2019-05-03t10:00:00z", "2019-05-03T10:00:00Z"},
      {"2019-05-03T01:30:00+02:00", "2019-05-02T23:30:00Z"},
      {"2019-12-31T23:30:00-0100", "2020-01-01T00:30:00Z"},
      {"2019-05-03 10:00", "2019-05-03"},
      {"2019-05-03T10:00:00", "2019-05-03"},
      {"2019-05-03 10:00:00 UTC", "2019-05-03T10:00:00Z"},
      {"May 3, 2019", "2019-05-03"},
      {"May 3rd, 2019", "2019-05-03"},
      {"Sept. 1, 2015", "2015-09-01"},
      {"3 May 2019", "2019-05-03"},
      {"Tuesday, September 1, 2015", "2015-09-01"},
      {"Fri, 03 May 2019 10:00:00 +0000", "2019-05-03T10:00:00Z"},
      {"Fri, 03 May 2019 10:00:00 GMT", "2019-05-03T10:00:00Z"},
      {"2020-02-29", "2020-02-29"},
      {"2019-02-29", nullptr},
      {"2019-13-01", nullptr},
      {"2019-05-32", nullptr},
      {"03/05/2019", nullptr},
      {"yesterday", nullptr},
      {"2019", nullptr},
      {"", nullptr},
      {"2019-05-03T25:00:00Z", nullptr},
      {"2019-05-03T10:00:00+02:00 and more", nullptr},
      {"May 3, 2019 at noon", nullptr},
  };
  for (const Case& c : cases) {
    std::string out = "unchanged";
    bool ok = NormalizeDate(c.in, &out);
    if (c.out == nullptr) {
      EXPECT_FALSE(ok) << c.in << " -> " << out;
      EXPECT_EQ(out, "unchanged") << c.in;
    } else {
      EXPECT_TRUE(ok) << c.in;
      EXPECT_EQ(out, c.out) << c.in;
    }
  }
}

TEST(FindInvalidUtf8, FindsTheFirstBadByte) {
  struct Case {
    std::string text;
    size_t bad;
  } cases[] = {
      {"", std::string::npos},
      {"plain ascii text that is longer than eight", std::string::npos},
      {"caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D \xF0\x9F\x98\x80",
       std::string::npos},
      {"abcdefghij\xFF", 10},
      {"\xC3", 0},
      {"ab\xC0\xAF", 2},          // overlong '/'
      {"ab\xED\xA0\x80", 2},      // surrogate
      {"ab\xF4\x90\x80\x80", 2},  // over U+10FFFF
      {"\xE2\x80", 0},            // truncated
  };
  for (const Case& c : cases) {
    EXPECT_EQ(FindInvalidUtf8(c.text), c.bad) << c.text;
  }
}

}  // namespace
}  // namespace quotes
