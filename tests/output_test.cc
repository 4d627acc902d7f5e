// Copyright The Quote Tracker Authors.

#include "cli/output.h"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "cli/pipeline.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"

namespace quotes {
namespace {

TEST(AppendJsonString, EscapesAndReplacesInvalidUtf8) {
  struct Case {
    std::string in;
    std::string out;
  } cases[] = {
      {"", "\"\""},
      {"plain", "\"plain\""},
      {"say \"no\"", "\"say \\\"no\\\"\""},
      {"back\\slash", "\"back\\\\slash\""},
      {"a\nb\rc\td", "\"a\\nb\\rc\\td\""},
      {std::string("nul\0x", 5), "\"nul\\u0000x\""},
      {"\x01\x1f", "\"\\u0001\\u001f\""},
      {"caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D",
       "\"caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D\""},
      {"\xF0\x9F\x98\x80", "\"\xF0\x9F\x98\x80\""},
      {"bad\xFFz", "\"bad\xEF\xBF\xBDz\""},
      {"\xC3", "\"\xEF\xBF\xBD\""},
      {"\xE2\x80x", "\"\xEF\xBF\xBD\xEF\xBF\xBDx\""},
      {"\xED\xA0\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""},
      {"\x7f", "\"\x7f\""},
  };
  for (const Case& c : cases) {
    std::string out;
    AppendJsonString(c.in, &out);
    EXPECT_EQ(out, c.out) << c.in;
    // Whatever the input, the result is one JSON string protobuf can read.
    google::protobuf::Value value;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(out, &value).ok())
        << out;
  }
}

Quote SampleQuote() {
  Quote q;
  q.set_text("We will not close a single clinic");
  q.set_kind(DIRECT);
  q.mutable_speaker()->set_name("Ana Ortiz");
  q.mutable_speaker()->set_role("Health Minister");
  q.mutable_speaker()->set_type(PERSON);
  q.mutable_speaker()->set_resolution(NAME);
  q.set_cue("told");
  q.set_addressee("reporters");
  q.set_rule_id("direct.after");
  q.set_confidence(0.85f);
  Source* s = q.add_sources();
  s->mutable_content()->set_start(10);
  s->mutable_content()->set_end(43);
  s->mutable_speaker()->set_start(46);
  s->mutable_speaker()->set_end(51);
  s->mutable_cue()->set_start(52);
  s->mutable_cue()->set_end(56);
  return q;
}

google::protobuf::Struct ParseLine(const std::string& line) {
  google::protobuf::Struct object;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(line, &object).ok())
      << line;
  return object;
}

TEST(AppendContractLine, WritesEveryContractField) {
  std::string line;
  AppendContractLine("doc-1", SampleQuote(), &line);
  ASSERT_EQ(line.back(), '\n');
  ASSERT_EQ(line.find('\n'), line.size() - 1) << line;
  EXPECT_EQ(line,
            "{\"doc_id\":\"doc-1\",\"quote_start\":10,\"quote_end\":43,"
            "\"kind\":\"direct\",\"speaker\":\"Ana Ortiz\",\"speaker_start\":"
            "46,\"speaker_end\":51,\"cue\":\"told\",\"cue_start\":52,"
            "\"cue_end\":56,\"confidence\":0.85,\"role\":\"Health "
            "Minister\",\"speaker_type\":\"person\",\"resolution\":\"name\","
            "\"rule\":\"direct.after\",\"addressee\":\"reporters\",\"text\":"
            "\"We will not close a single clinic\"}\n");
}

TEST(AppendContractLine, AbsentValuesAreNull) {
  Quote q = SampleQuote();
  q.mutable_speaker()->Clear();
  q.set_kind(INDIRECT);
  q.clear_cue();
  q.clear_addressee();
  q.mutable_sources(0)->clear_speaker();
  q.mutable_sources(0)->clear_cue();
  std::string line;
  AppendContractLine("d", q, &line);
  auto fields = ParseLine(line).fields();
  EXPECT_EQ(fields.at("kind").string_value(), "indirect");
  for (const char* key :
       {"speaker", "speaker_start", "speaker_end", "cue", "cue_start",
        "cue_end", "role", "speaker_type", "resolution", "addressee"}) {
    EXPECT_EQ(fields.at(key).kind_case(), google::protobuf::Value::kNullValue)
        << key << " in " << line;
  }
  EXPECT_EQ(fields.at("quote_start").number_value(), 10);
}

TEST(Output, StopsAtABrokenPipeAndSaysSo) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  close(fds[0]);  // nobody reads
  signal(SIGPIPE, SIG_IGN);
  Output out(fds[1], "stdout", 16);
  out.Write("0123456789abcdefghij");  // over the buffer: written at once
  EXPECT_TRUE(out.failed());
  EXPECT_TRUE(out.broken_pipe());
  EXPECT_NE(out.status().ToString().find("stdout"), std::string::npos);
  close(fds[1]);
}

TEST(Output, CapturesForTests) {
  Output out;
  out.Write("a");
  out.Write("bc");
  EXPECT_TRUE(out.Flush());
  EXPECT_EQ(out.captured(), "abc");
}

TEST(OrderedPipeline, DeliversResultsInInputOrder) {
  for (int threads : {1, 2, 4, 8}) {
    std::vector<int> seen;
    OrderedPipeline<int, int> pipeline(
        threads, 1 << 20,
        [](int& in, int* out) {
          // Later items finish first when the input is small.
          std::this_thread::sleep_for(std::chrono::microseconds((in % 7) * 50));
          *out = in * 2;
        },
        [&seen](int& out) {
          seen.push_back(out);
          return true;
        });
    for (int i = 0; i < 500; ++i) ASSERT_TRUE(pipeline.Submit(i, 100));
    EXPECT_TRUE(pipeline.Finish());
    ASSERT_EQ(seen.size(), 500u) << threads;
    for (int i = 0; i < 500; ++i) ASSERT_EQ(seen[i], 2 * i) << threads;
  }
}

TEST(OrderedPipeline, SinkCanStopIt) {
  std::atomic<int> worked{0};
  int sunk = 0;
  OrderedPipeline<int, int> pipeline(
      2, 1 << 20, [&worked](int& in, int* out) { *out = in, ++worked; },
      [&sunk](int&) { return ++sunk < 3; });
  int submitted = 0;
  while (submitted < 100000 && pipeline.Submit(submitted, 1)) ++submitted;
  EXPECT_FALSE(pipeline.Finish());
  EXPECT_EQ(sunk, 3);
  EXPECT_LT(submitted, 100000);
}

TEST(OrderedPipeline, BoundsTheBytesInFlight) {
  std::atomic<size_t> in_flight{0};
  std::atomic<size_t> peak{0};
  OrderedPipeline<int, int> pipeline(
      4, 1000,
      [&](int&, int*) {
        size_t now = in_flight.load();
        size_t old = peak.load();
        while (now > old && !peak.compare_exchange_weak(old, now)) {
        }
      },
      [&](int&) {
        in_flight -= 400;
        return true;
      });
  for (int i = 0; i < 50; ++i) {
    in_flight += 400;
    ASSERT_TRUE(pipeline.Submit(i, 400));
  }
  pipeline.Finish();
  // Two items of 400 fit in 1000 bytes; the third waits for the sink.
  EXPECT_LE(peak.load(), 1200u);
}

}  // namespace
}  // namespace quotes
