// Copyright The Quote Tracker Authors.
//
// GET /api/verify of the server: the verification as JSON, 200 whatever
// the verdict, 400 for a claim without words or an unknown parameter.

#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

#include "cli/server.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "httplib.h"
#include "quotes/extractor.h"
#include "storage/quote_store.h"
#include "tests/store_test_util.h"

namespace quotes {
namespace {

using testing_util::MakeDoc;

class ServerVerifyTest : public testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TEST_TMPDIR");
    const std::string dir =
        std::string(tmp != nullptr ? tmp : "/tmp") + "/server_verify_test_db";
    ASSERT_EQ(std::system(("rm -rf '" + dir + "'").c_str()), 0);
    ASSERT_STATUS_OK(QuoteStore::Open(QuoteStore::Options(), dir, &store_));
    const auto doc = MakeDoc(
        "d1", "Aldern Courier", "2024-03-04",
        {{"We will not close a single clinic this winter.", "Ana Ortiz"},
         {"The harbour will be dredged before the summer.", "Tomas Brenner"}});
    ASSERT_STATUS_OK(store_->AddDocument(doc.doc, doc.quotes, nullptr));
    ASSERT_STATUS_OK(Extractor::Create(Extractor::Options(), &extractor_));
    QuoteServer::Options options;
    options.port = 0;
    ASSERT_STATUS_OK(
        QuoteServer::Create(options, store_.get(), extractor_.get(), &server_));
    thread_ = std::thread([this] { run_status_ = server_->Run(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Stop();
    if (thread_.joinable()) thread_.join();
    EXPECT_STATUS_OK(run_status_);
  }

  // GETs "path"; returns the status and fills *body.
  int Get(const std::string& path, std::string* body) {
    // The server may not be listening yet when the test starts.
    for (int attempt = 0; attempt < 100; ++attempt) {
      if (auto res = client_->Get(path.c_str())) {
        *body = res->body;
        return res->status;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }

  std::unique_ptr<QuoteStore> store_;
  std::unique_ptr<Extractor> extractor_;
  std::unique_ptr<QuoteServer> server_;
  std::unique_ptr<httplib::Client> client_;
  std::thread thread_;
  Status run_status_;
};

TEST_F(ServerVerifyTest, AnswersWithTheVerificationAsJson) {
  std::string body;
  ASSERT_EQ(Get("/api/verify?text=We%20would%20not%20close%20a%20single%20"
                "clinic%20this%20winter&speaker=Tomas%20Brenner",
                &body),
            200)
      << body;
  google::protobuf::Struct doc;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(body, &doc).ok())
      << body;
  const auto& f = doc.fields();
  EXPECT_EQ(f.at("verdict").string_value(), "close_wording");
  EXPECT_TRUE(f.at("wrong_speaker").bool_value());
  EXPECT_EQ(f.at("summary").string_value(),
            "close wording: said by Ana Ortiz, not by Tomas Brenner");
  const auto& matches = f.at("matches").list_value().values();
  ASSERT_EQ(matches.size(), 1);
  EXPECT_EQ(matches[0].struct_value().fields().at("marked").string_value(),
            "We [-will-]{+would+} not close a single clinic this winter.");
}

TEST_F(ServerVerifyTest, NotFoundIsAnAnswerAndBadRequestsAre400) {
  std::string body;
  EXPECT_EQ(Get("/api/verify?text=The%20striker%20scored%20twice", &body), 200);
  EXPECT_NE(body.find("\"verdict\":\"not_found\""), std::string::npos) << body;
  const struct {
    const char* path;
    const char* error;
  } cases[] = {
      {"/api/verify", "has no words"},
      {"/api/verify?text=...", "has no words"},
      {"/api/verify?txt=clinic", "unknown parameter 'txt'"},
      {"/api/verify?text=clinic&limit=0", "limit"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(Get(c.path, &body), 400) << c.path;
    EXPECT_NE(body.find(c.error), std::string::npos) << c.path << ": " << body;
  }
}

}  // namespace
}  // namespace quotes
