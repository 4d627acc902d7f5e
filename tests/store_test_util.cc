// Copyright The Quote Tracker Authors.

#include "tests/store_test_util.h"

#include <memory>

namespace quotes {
namespace testing_util {

namespace {

// Appends `Mention said: "text".` to *text and returns the quote an
// extractor would find there.
Quote AppendQuote(const std::string& doc_id, const QuoteSpec& spec,
                  uint32_t paragraph, std::string* text) {
  const std::string mention =
      !spec.mention.empty() ? spec.mention
                            : (spec.speaker.empty() ? "Someone" : spec.speaker);
  if (!text->empty()) *text += "\n\n";
  const uint32_t speaker_start = text->size();
  *text += mention + " said: \"";
  const uint32_t content_start = text->size();
  *text += spec.text + "\".";

  Quote quote;
  quote.set_text(spec.text);
  quote.set_kind(spec.kind);
  quote.set_cue("said");
  quote.set_cue_lemma("say");
  quote.set_rule_id("test-rule");
  quote.set_confidence(0.9f);
  quote.set_extractor_version("test");
  SpeakerRef* speaker = quote.mutable_speaker();
  speaker->set_name(spec.speaker);
  speaker->set_type(spec.speaker.empty() ? SPEAKER_TYPE_UNSPECIFIED
                                         : spec.type);
  speaker->set_mention(mention);
  speaker->set_role(spec.role);
  speaker->set_resolution(spec.speaker.empty() ? UNRESOLVED : NAME);
  Source* source = quote.add_sources();
  source->set_doc_id(doc_id);
  source->mutable_content()->set_start(content_start);
  source->mutable_content()->set_end(content_start + spec.text.size());
  source->mutable_speaker()->set_start(speaker_start);
  source->mutable_speaker()->set_end(speaker_start + mention.size());
  source->mutable_cue()->set_start(speaker_start + mention.size() + 1);
  source->mutable_cue()->set_end(speaker_start + mention.size() + 5);
  source->set_paragraph(paragraph);
  source->set_sentence(paragraph);
  source->set_context(text->substr(speaker_start));
  return quote;
}

}  // namespace

TestDoc MakeDoc(const std::string& doc_id, const std::string& outlet,
                const std::string& published,
                const std::vector<QuoteSpec>& specs) {
  TestDoc out;
  out.doc.set_doc_id(doc_id);
  out.doc.set_url("https://example.com/" + doc_id);
  out.doc.set_title("Title of " + doc_id);
  out.doc.set_outlet(outlet);
  out.doc.set_published(published);
  std::string text;
  for (size_t i = 0; i < specs.size(); ++i) {
    out.quotes.push_back(AppendQuote(doc_id, specs[i], i, &text));
  }
  out.doc.set_text(text);
  return out;
}

std::vector<Quote> RunQuery(QuoteStore* store, const QuoteQuery& query) {
  std::vector<Quote> quotes;
  std::unique_ptr<QuoteIterator> it;
  Status s = store->NewQuoteIterator(query, "", &it);
  for (; s.ok() && it->Valid(); it->Next()) quotes.push_back(it->quote());
  if (s.ok()) s = it->status();
  if (!s.ok()) ADD_FAILURE() << s.ToString();
  return quotes;
}

std::vector<std::string> QueryTexts(QuoteStore* store,
                                    const QuoteQuery& query) {
  std::vector<std::string> texts;
  for (const Quote& quote : RunQuery(store, query)) {
    texts.push_back(quote.text());
  }
  return texts;
}

Status ReadPage(QuoteStore* store, const QuoteQuery& query,
                const std::string& cursor, size_t limit,
                std::vector<Quote>* page, std::string* next) {
  page->clear();
  std::unique_ptr<QuoteIterator> it;
  QUOTES_RETURN_IF_ERROR(store->NewQuoteIterator(query, cursor, &it));
  for (; it->Valid() && page->size() < limit; it->Next()) {
    page->push_back(it->quote());
    *next = it->cursor();
  }
  return it->status();
}

std::unique_ptr<leveldb::DB> OpenRawDb(leveldb::Env* env,
                                       const std::string& path) {
  leveldb::Options options;
  options.env = env;
  leveldb::DB* db = nullptr;
  const leveldb::Status s = leveldb::DB::Open(options, path, &db);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return std::unique_ptr<leveldb::DB>(db);
}

std::vector<Quote> ReadAllPages(QuoteStore* store, const QuoteQuery& query,
                                size_t limit, int max_pages) {
  std::vector<Quote> quotes;
  std::string cursor;
  for (int pages = 0; pages < max_pages; ++pages) {
    std::vector<Quote> page;
    const Status s = ReadPage(store, query, cursor, limit, &page, &cursor);
    if (!s.ok()) {
      ADD_FAILURE() << s.ToString();
      break;
    }
    if (page.empty()) break;
    if (page.size() > limit) ADD_FAILURE() << "page of " << page.size();
    quotes.insert(quotes.end(), page.begin(), page.end());
  }
  return quotes;
}

}  // namespace testing_util
}  // namespace quotes
