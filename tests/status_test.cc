// Copyright The Quote Tracker Authors.

#include "quotes/status.h"

#include <gtest/gtest.h>

#include "proto/quote.pb.h"

namespace quotes {
namespace {

TEST(Status, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ToString(), "OK");
}

TEST(Status, MessageJoinsSubjectFirst) {
  Status s = Status::IOError("a.jsonl", "No such file or directory");
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(s.IsIOError());
  EXPECT_EQ(s.ToString(), "IOError: a.jsonl: No such file or directory");
  EXPECT_EQ(s.message(), "a.jsonl: No such file or directory");
}

Status FailsThenStops(int* reached) {
  QUOTES_RETURN_IF_ERROR(Status::NotFound("x"));
  *reached = 1;
  return Status::OK();
}

TEST(Status, ReturnIfErrorReturnsEarly) {
  int reached = 0;
  EXPECT_TRUE(FailsThenStops(&reached).IsNotFound());
  EXPECT_EQ(reached, 0);
}

TEST(Records, QuoteRoundTrips) {
  Quote q;
  q.set_id("abc");
  q.set_text("the visit helped");
  q.set_kind(INDIRECT);
  q.mutable_speaker()->set_name("Emmanuel Macron");
  Source* src = q.add_sources();
  src->set_doc_id("d1");
  src->mutable_content()->set_start(3);
  std::string wire;
  ASSERT_TRUE(q.SerializeToString(&wire));
  Quote back;
  ASSERT_TRUE(back.ParseFromString(wire));
  EXPECT_EQ(back.SerializeAsString(), wire);
  EXPECT_EQ(back.speaker().name(), "Emmanuel Macron");
  EXPECT_EQ(back.sources(0).content().start(), 3u);
}

}  // namespace
}  // namespace quotes
