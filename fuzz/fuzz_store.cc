// Copyright The Quote Tracker Authors.

#include "fuzz/fuzz_store.h"

namespace quotes {
namespace {

struct Spec {
  const char* text;
  const char* speaker;  // empty: unknown
  const char* mention;
  QuoteKind kind;
  SpeakerType type;
};

FuzzDocument MakeDocument(const std::string& id, const std::string& outlet,
                          const std::string& published,
                          const std::vector<Spec>& specs) {
  FuzzDocument out;
  out.doc.set_doc_id(id);
  out.doc.set_outlet(outlet);
  out.doc.set_published(published);
  out.doc.set_title("Title of " + id);
  std::string text;
  for (const Spec& spec : specs) {
    if (!text.empty()) text += "\n\n";
    const uint32_t mention_start = text.size();
    text += std::string(spec.mention) + " said: \"";
    const uint32_t start = text.size();
    text += std::string(spec.text) + "\".";
    Quote quote;
    quote.set_text(spec.text);
    quote.set_kind(spec.kind);
    quote.set_cue("said");
    quote.set_cue_lemma("say");
    quote.set_rule_id("fuzz");
    quote.set_confidence(0.8f);
    SpeakerRef* speaker = quote.mutable_speaker();
    speaker->set_name(spec.speaker);
    speaker->set_mention(spec.mention);
    speaker->set_type(spec.type);
    speaker->set_resolution(*spec.speaker ? NAME : UNRESOLVED);
    Source* source = quote.add_sources();
    source->set_doc_id(id);
    source->mutable_content()->set_start(start);
    source->mutable_content()->set_end(start + std::string(spec.text).size());
    source->mutable_speaker()->set_start(mention_start);
    source->mutable_speaker()->set_end(mention_start +
                                       std::string(spec.mention).size());
    out.quotes.push_back(quote);
  }
  out.doc.set_text(text);
  return out;
}

}  // namespace

const std::vector<FuzzDocument>& FuzzDocuments() {
  static const auto* const docs = new std::vector<FuzzDocument>{
      MakeDocument("wire-1", "Coastal Wire", "2024-03-04",
                   {{"The peace talks will resume in May", "Tomas Brenner",
                     "Mayor Tomas Brenner", DIRECT, PERSON},
                    {"the harbor plan is over budget", "City Council",
                     "The council", INDIRECT, ORGANIZATION},
                    {"Nobody saw it coming", "", "he", DIRECT,
                     SPEAKER_TYPE_UNSPECIFIED}}),
      MakeDocument(
          "ledger-7", "Valley Ledger", "2024-03-05T10:00:00Z",
          {{"The peace talks will resume in May", "Tomas Brenner", "Brenner",
            DIRECT, PERSON},
           {"We will not \"wait\" for the ministry's answer", "Nadia Ferrante",
            "Minister Nadia Ferrante", MIXED, PERSON}}),
      MakeDocument(
          "undated", "", "",
          {{"L'Europe doit agir, dit-elle", "Nadia Ferrante", "Ferrante",
            DIRECT, PERSON},
           {"2.5 percent is too much", "Smith", "Smith", INDIRECT, PERSON}}),
  };
  return *docs;
}

Status FillFuzzStore(QuoteStore* store) {
  for (const FuzzDocument& doc : FuzzDocuments()) {
    QUOTES_RETURN_IF_ERROR(store->AddDocument(doc.doc, doc.quotes, nullptr));
  }
  return Status::OK();
}

}  // namespace quotes
