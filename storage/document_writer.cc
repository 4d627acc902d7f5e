// Copyright The Quote Tracker Authors.

#include "storage/document_writer.h"

#include <algorithm>
#include <utility>

#include "storage/keys.h"
#include "storage/normalize.h"
#include "storage/records.h"
#include "storage/similarity_index.h"
#include "storage/write_txn.h"

namespace quotes {

namespace {

// The terms of a quote whose canonical key is "canonical_key".
QuoteTerms TermsOfKey(std::string canonical_key) {
  QuoteTerms terms;
  // A word with a stem is posted among its stem's postings, where
  // verification finds every form of the stem together (PlaceOfWord).
  std::vector<std::pair<std::string, char>> stem_forms;
  // Sorted and distinct already: filtering keeps the words so.
  for (std::string_view word : SearchableWordsOfKey(canonical_key)) {
    WordPlace place = PlaceOfWord(word);
    if (place.kind == WordPlace::kStem) {
      stem_forms.emplace_back(std::move(place.stem), place.form);
    } else if (place.kind == WordPlace::kWord) {
      terms.words.emplace_back(word);
    }
  }
  std::sort(stem_forms.begin(), stem_forms.end());
  stem_forms.erase(std::unique(stem_forms.begin(), stem_forms.end()),
                   stem_forms.end());
  for (auto& [stem, form] : stem_forms) {
    if (terms.stems.empty() || terms.stems.back().stem != stem) {
      terms.stems.push_back(QuoteTerms::Stem{std::move(stem), {}});
    }
    terms.stems.back().forms.push_back(form);
  }
  terms.canonical_key = std::move(canonical_key);
  return terms;
}

// The entries of what a quote says: its place in the time, speaker, word
// and stem indexes.  They depend on the words, the speaker and the
// first-seen time only.  "terms": the quote's, or nullptr to derive them.
void AddTermEntries(const Quote& quote, const QuoteTerms* terms,
                    const std::string& sort_key, IndexEntries* entries) {
  QuoteTerms derived;
  if (terms == nullptr) {
    derived = TermsOfKey(quote.canonical_key());
    terms = &derived;
  }
  entries->keys.push_back(PostingKey(KeySpace::kByTime, {}, sort_key));
  const std::string& speaker_id = quote.speaker().speaker_id();
  if (!speaker_id.empty()) {
    entries->keys.push_back(
        PostingKey(KeySpace::kBySpeaker, speaker_id, sort_key));
  }
  for (const std::string& word : terms->words) {
    entries->keys.push_back(PostingKey(KeySpace::kByWord, word, sort_key));
    entries->counts.push_back(CountKey(CountKind::kWord, word));
  }
  AddSimilarityEntries(terms->stems, sort_key, &entries->keys,
                       &entries->counts);
}

// The entries of where a quote was seen: its documents and outlets.
void AddSourceEntries(const Quote& quote, const std::string& sort_key,
                      IndexEntries* entries) {
  for (const Source& source : quote.sources()) {
    entries->keys.push_back(DocQuoteKey(source.doc_id(), quote.id()));
    const std::string outlet = NormalizeOutlet(source.outlet());
    if (outlet.empty()) continue;
    entries->keys.push_back(PostingKey(KeySpace::kByOutlet, outlet, sort_key));
    entries->counts.push_back(CountKey(CountKind::kOutlet, outlet));
  }
}

void SortUnique(std::vector<std::string>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

// EntriesOf, or only its source entries when "with_terms" is false.
IndexEntries EntriesOf(const Quote& quote, bool with_terms,
                       const QuoteTerms* terms) {
  IndexEntries entries;
  const std::string sort_key = SortKey(QuoteTime(quote), quote.id());
  if (with_terms) AddTermEntries(quote, terms, sort_key, &entries);
  AddSourceEntries(quote, sort_key, &entries);
  SortUnique(&entries.keys);
  SortUnique(&entries.counts);
  return entries;
}

// True iff "a" and "b" have the same term entries: the same words,
// speaker and first-seen time.  A quote that merely gains or loses a
// source later than its first keeps them, and then only the source
// entries need comparing; the words and stems of a quote carried by many
// outlets are not derived again at each one.
bool SameTerms(const Quote& a, const Quote& b) {
  return a.id() == b.id() && a.canonical_key() == b.canonical_key() &&
         a.speaker().speaker_id() == b.speaker().speaker_id() &&
         QuoteTime(a) == QuoteTime(b);
}

}  // namespace

IndexEntries EntriesOf(const Quote& quote) {
  return EntriesOf(quote, /*with_terms=*/true, /*terms=*/nullptr);
}

QuoteTerms TermsOf(const Quote& quote) {
  return TermsOfKey(CanonicalKey(quote.text()));
}

std::string WhyMisfiled(std::string_view id, const Quote& quote) {
  if (quote.id() != id) return "holds quote " + quote.id();
  if (QuoteIdFor(quote.canonical_key(), quote.speaker().speaker_id()) != id) {
    return "its id is not the hash of its words and speaker";
  }
  return std::string();
}

namespace {

// Elements of "a" that are not in "b" (both sorted).
std::vector<std::string> Minus(const std::vector<std::string>& a,
                               const std::vector<std::string>& b) {
  std::vector<std::string> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(),
                      std::back_inserter(out));
  return out;
}

// The source as the store keeps it: the quote's own offsets and context,
// the document's metadata where the quote left it empty.  The doc id is
// always the document's, so that index entries follow the document.
Source SourceFor(const Document& doc, const Quote& quote, int64_t now_unix) {
  Source source;
  if (quote.sources_size() > 0) source = quote.sources(0);
  source.set_doc_id(doc.doc_id());
  if (source.url().empty()) source.set_url(doc.url());
  if (source.title().empty()) source.set_title(doc.title());
  if (source.outlet().empty()) source.set_outlet(doc.outlet());
  if (source.published().empty()) source.set_published(doc.published());
  source.set_ingested_unix(now_unix);
  return source;
}

}  // namespace

std::string QuoteIdFor(const std::string& canonical_key,
                       const std::string& speaker_id) {
  std::string material = canonical_key;
  material.push_back('\0');
  material.append(speaker_id);
  return Hex64(Fnv1a64(material));
}

namespace {

bool HasSourceFrom(const Quote& quote, const std::string& doc_id) {
  return std::any_of(
      quote.sources().begin(), quote.sources().end(),
      [&](const Source& source) { return source.doc_id() == doc_id; });
}

// Makes "quote", seen in an earlier source, the wording the record shows.
void TakeWording(const Quote& quote, Quote* stored) {
  stored->set_text(quote.text());
  stored->set_kind(quote.kind());
  stored->set_cue(quote.cue());
  stored->set_cue_lemma(quote.cue_lemma());
  stored->set_addressee(quote.addressee());
  stored->set_rule_id(quote.rule_id());
  stored->set_confidence(quote.confidence());
  stored->set_extractor_version(quote.extractor_version());
  const std::string speaker_id = stored->speaker().speaker_id();
  *stored->mutable_speaker() = quote.speaker();
  stored->mutable_speaker()->set_speaker_id(speaker_id);
}

// Inserts "source" after every source seen before or at the same time, so
// that sources(0) stays the first seen and ties keep ingest order.
void InsertSource(const Quote& quote, Source source, Quote* stored) {
  auto* sources = stored->mutable_sources();
  int pos = sources->size();
  while (pos > 0 && SeenBefore(source, sources->Get(pos - 1))) --pos;
  *sources->Add() = std::move(source);
  for (int i = sources->size() - 1; i > pos; --i) {
    sources->SwapElements(i, i - 1);
  }
  if (pos == 0) TakeWording(quote, stored);
}

// Removes the sources of "doc_id"; returns how many.
int RemoveSourcesFrom(const std::string& doc_id, Quote* quote) {
  auto* sources = quote->mutable_sources();
  const int before = sources->size();
  int kept = 0;
  for (int i = 0; i < before; ++i) {
    if (sources->Get(i).doc_id() == doc_id) continue;
    if (kept != i) sources->SwapElements(kept, i);
    ++kept;
  }
  while (sources->size() > kept) sources->RemoveLast();
  return before - kept;
}

bool AddUnique(google::protobuf::RepeatedPtrField<std::string>* list,
               const std::string& value) {
  if (value.empty() ||
      std::find(list->begin(), list->end(), value) != list->end()) {
    return false;
  }
  *list->Add() = value;
  return true;
}

}  // namespace

std::set<std::string> AliasKeysFor(const std::string& form, SpeakerType type) {
  std::set<std::string> keys;
  if (type == ORGANIZATION) {
    keys.insert(NormalizeName(form, /*strip_titles=*/false));
  } else {
    const std::string name = NormalizeName(form, /*strip_titles=*/true);
    keys.insert(name);
    keys.insert(std::string(LastToken(name)));
  }
  keys.erase(std::string());
  return keys;
}

namespace {

// The name a speaker is compared by when choosing the longest full name.
std::string ComparableName(const std::string& name, SpeakerType type) {
  return NormalizeName(name, /*strip_titles=*/type != ORGANIZATION);
}

// True iff the mention is a form of the speaker's name ("President
// Macron"), not a pronoun or a description.
bool IsNameMention(const SpeakerRef& ref) {
  if (ref.mention().empty()) return false;
  if (ref.resolution() != NAME && ref.resolution() != RESOLUTION_UNSPECIFIED) {
    return false;
  }
  const std::string mention = NormalizeName(ref.mention(), false);
  return !mention.empty() && !IsPronoun(mention);
}

}  // namespace

Status DocumentWriter::Add(const Document& doc,
                           const std::vector<Quote>& quotes,
                           const std::vector<QuoteTerms>* terms,
                           QuoteStore::AddResult* result) {
  *result = QuoteStore::AddResult();
  if (doc.doc_id().empty()) {
    return Status::InvalidArgument("document has no doc_id");
  }
  if (terms != nullptr && terms->size() != quotes.size()) {
    return Status::InvalidArgument(
        "terms for " + std::to_string(terms->size()) + " quotes given with " +
        std::to_string(quotes.size()));
  }
  if (doc.doc_id().find('\0') != std::string::npos) {
    return Status::InvalidArgument("doc_id holds a 0 byte");
  }
  std::string value;
  bool found = false;
  QUOTES_RETURN_IF_ERROR(txn_->Get(MetaKey(kStatsName), &value, &found));
  if (found) QUOTES_RETURN_IF_ERROR(DecodeStats(value, &stats_));

  const std::string text_hash = Hex64(Fnv1a64(doc.text()));
  Document old;
  QUOTES_RETURN_IF_ERROR(GetRecord(DocumentKey(doc.doc_id()), &old, &found));
  if (found && old.text_hash() == text_hash) {
    result->unchanged = true;
    return Status::OK();
  }
  if (found) {
    result->replaced = true;
    QUOTES_RETURN_IF_ERROR(RemoveDocument(old));
  } else {
    ++stats_.documents;
  }

  Document record = doc;
  record.set_text_hash(text_hash);
  record.set_ingested_unix(now_unix_);
  record.clear_quote_ids();
  std::set<std::string> seen;
  for (size_t i = 0; i < quotes.size(); ++i) {
    std::string id;
    QUOTES_RETURN_IF_ERROR(AddQuote(doc, quotes[i],
                                    terms != nullptr ? &(*terms)[i] : nullptr,
                                    result, &id));
    if (seen.insert(id).second) *record.add_quote_ids() = id;
  }
  txn_->Put(DocumentKey(doc.doc_id()), record.SerializeAsString());
  txn_->Put(MetaKey(kStatsName), EncodeStats(stats_));
  return Status::OK();
}

Status DocumentWriter::RemoveDocument(const Document& old) {
  std::set<std::string> done;
  for (const std::string& id : old.quote_ids()) {
    if (!done.insert(id).second) continue;
    Quote stored;
    bool found = false;
    QUOTES_RETURN_IF_ERROR(GetRecord(QuoteKey(id), &stored, &found));
    if (!found) continue;
    Quote updated = stored;
    const int removed = RemoveSourcesFrom(old.doc_id(), &updated);
    if (removed == 0) continue;
    stats_.sources -= removed;
    if (updated.sources_size() > 0) {
      QUOTES_RETURN_IF_ERROR(PutQuote(&stored, &updated, nullptr));
      continue;
    }
    QUOTES_RETURN_IF_ERROR(PutQuote(&stored, nullptr, nullptr));
    --stats_.quotes;
    QUOTES_RETURN_IF_ERROR(ReleaseSpeaker(stored.speaker().speaker_id()));
  }
  return Status::OK();
}

Status DocumentWriter::AddQuote(const Document& doc, const Quote& quote,
                                const QuoteTerms* terms,
                                QuoteStore::AddResult* result,
                                std::string* id) {
  std::string speaker_id;
  QUOTES_RETURN_IF_ERROR(ResolveSpeaker(quote.speaker(), &speaker_id));
  const std::string key =
      terms != nullptr ? terms->canonical_key : CanonicalKey(quote.text());
  *id = QuoteIdFor(key, speaker_id);
  Quote stored;
  bool found = false;
  QUOTES_RETURN_IF_ERROR(GetRecord(QuoteKey(*id), &stored, &found));
  if (!found) {
    Quote record = quote;
    record.set_id(*id);
    record.set_canonical_key(key);
    record.mutable_speaker()->set_speaker_id(speaker_id);
    record.clear_sources();
    *record.add_sources() = SourceFor(doc, quote, now_unix_);
    QUOTES_RETURN_IF_ERROR(PutQuote(nullptr, &record, terms));
    ++stats_.quotes;
    ++stats_.sources;
    ++result->new_quotes;
    return UpdateSpeaker(speaker_id, quote.speaker(), true, result);
  }
  if (stored.canonical_key() != key ||
      stored.speaker().speaker_id() != speaker_id) {
    return Status::Corruption("quote id collision", *id);
  }
  // A second occurrence in the same document adds no source: one document
  // is one source, however often it repeats the words.
  if (!HasSourceFrom(stored, doc.doc_id())) {
    Quote updated = stored;
    InsertSource(quote, SourceFor(doc, quote, now_unix_), &updated);
    QUOTES_RETURN_IF_ERROR(PutQuote(&stored, &updated, nullptr));
    ++stats_.sources;
    ++result->merged_quotes;
  }
  return UpdateSpeaker(speaker_id, quote.speaker(), false, result);
}

Status DocumentWriter::ResolveSpeaker(const SpeakerRef& ref,
                                      std::string* speaker_id) {
  speaker_id->clear();
  // An unresolved pronoun or description ("he") names nobody in
  // particular: the quote is kept with an unknown speaker.
  if (ref.name().empty() || ref.resolution() == UNRESOLVED) {
    return Status::OK();
  }
  const bool organization = ref.type() == ORGANIZATION;
  const std::string name = NormalizeName(ref.name(), !organization);
  if (name.empty()) return Status::OK();
  if (!organization && !IsMultiToken(name)) {
    QUOTES_RETURN_IF_ERROR(UniqueFullNameFor(name, speaker_id));
    if (!speaker_id->empty()) return Status::OK();
  }
  *speaker_id = SpeakerSlug(name);
  return Status::OK();
}

Status DocumentWriter::UniqueFullNameFor(const std::string& surname,
                                         std::string* speaker_id) {
  const std::string key = AliasKey(surname);
  std::string value;
  bool found = false;
  QUOTES_RETURN_IF_ERROR(txn_->Get(key, &value, &found));
  if (!found) return Status::OK();
  // News names most people by surname alone, and a common surname lists
  // many speakers: the answer is kept while the list and the speakers'
  // names stay the same.  A list only grows at its end (EditAliasList), so
  // a list that grew since is read from where the kept answer stops; read
  // whole each time, a surname shared by n speakers would cost n^2 reads
  // over an ingest.
  const RecordCache::Derived* known =
      cache_ != nullptr ? cache_->FindDerived(key) : nullptr;
  if (known != nullptr && known->basis == value) {
    *speaker_id = known->result;
    return Status::OK();
  }
  std::string match;
  int matches = 0;
  std::string_view unread = value;
  if (known != nullptr && value.size() > known->basis.size() &&
      value[known->basis.size()] == '\n' &&
      std::string_view(value).substr(0, known->basis.size()) == known->basis) {
    match = known->result;
    matches = known->matches;
    unread.remove_prefix(known->basis.size() + 1);
  }
  // Two people share the surname: "Smith" alone cannot choose, whoever
  // else the list holds.
  if (matches < 2) {
    for (const std::string& candidate : SplitIdList(unread)) {
      Speaker speaker;
      QUOTES_RETURN_IF_ERROR(
          GetRecord(SpeakerKey(candidate), &speaker, &found));
      if (!found || speaker.type() == ORGANIZATION) continue;
      const std::string full = NormalizeName(speaker.name(), true);
      if (IsMultiToken(full) && LastToken(full) == surname) {
        match = candidate;
        if (++matches == 2) break;
      }
    }
  }
  if (matches == 1) *speaker_id = match;
  if (cache_ != nullptr) {
    cache_->SetDerived(key, {std::move(value), *speaker_id, matches});
  }
  return Status::OK();
}

void DocumentWriter::SpeakersChanged() {
  if (cache_ != nullptr) cache_->ForgetDerived();
}

Status DocumentWriter::UpdateSpeaker(const std::string& speaker_id,
                                     const SpeakerRef& ref, bool new_quote,
                                     QuoteStore::AddResult* result) {
  if (speaker_id.empty()) return Status::OK();
  Speaker speaker;
  bool found = false;
  QUOTES_RETURN_IF_ERROR(GetRecord(SpeakerKey(speaker_id), &speaker, &found));
  // Most quotes of a known speaker (every merge) change nothing in its
  // record: it is then not written again.
  bool changed = !found || new_quote;
  if (!found) {
    speaker.set_speaker_id(speaker_id);
    speaker.set_name(ref.name());
    speaker.set_type(ref.type());
    txn_->Put(SpeakerNameKey(LowerUtf8(ref.name()), speaker_id), "");
    ++stats_.speakers;
    if (released_speakers_.count(speaker_id) == 0) ++result->new_speakers;
  } else if (ComparableName(ref.name(), speaker.type()).size() >
             ComparableName(speaker.name(), speaker.type()).size()) {
    txn_->Delete(SpeakerNameKey(LowerUtf8(speaker.name()), speaker_id));
    txn_->Put(SpeakerNameKey(LowerUtf8(ref.name()), speaker_id), "");
    speaker.set_name(ref.name());
    changed = true;
    SpeakersChanged();
  }
  if (speaker.type() == SPEAKER_TYPE_UNSPECIFIED &&
      ref.type() != SPEAKER_TYPE_UNSPECIFIED) {
    speaker.set_type(ref.type());
    changed = true;
    SpeakersChanged();
  }
  std::vector<std::string> new_forms;
  if (AddUnique(speaker.mutable_aliases(), ref.name())) {
    new_forms.push_back(ref.name());
  }
  if (IsNameMention(ref) &&
      AddUnique(speaker.mutable_aliases(), ref.mention())) {
    new_forms.push_back(ref.mention());
  }
  changed |= !new_forms.empty();
  changed |= AddUnique(speaker.mutable_roles(), ref.role());
  if (new_quote) speaker.set_quote_count(speaker.quote_count() + 1);
  for (const std::string& form : new_forms) {
    QUOTES_RETURN_IF_ERROR(AddAliases(form, speaker));
  }
  if (changed) txn_->Put(SpeakerKey(speaker_id), speaker.SerializeAsString());
  return Status::OK();
}

Status DocumentWriter::ReleaseSpeaker(const std::string& speaker_id) {
  if (speaker_id.empty()) return Status::OK();
  Speaker speaker;
  bool found = false;
  QUOTES_RETURN_IF_ERROR(GetRecord(SpeakerKey(speaker_id), &speaker, &found));
  if (!found) return Status::OK();
  if (speaker.quote_count() > 1) {
    speaker.set_quote_count(speaker.quote_count() - 1);
    txn_->Put(SpeakerKey(speaker_id), speaker.SerializeAsString());
    return Status::OK();
  }
  // The last quote is gone: so is the speaker, with every alias entry
  // (computed both ways, in case the type changed after they were added).
  txn_->Delete(SpeakerKey(speaker_id));
  SpeakersChanged();
  txn_->Delete(SpeakerNameKey(LowerUtf8(speaker.name()), speaker_id));
  std::vector<std::string> forms(speaker.aliases().begin(),
                                 speaker.aliases().end());
  forms.push_back(speaker.name());
  std::set<std::string> keys;
  for (const std::string& form : forms) {
    keys.merge(AliasKeysFor(form, PERSON));
    keys.merge(AliasKeysFor(form, ORGANIZATION));
  }
  for (const std::string& key : keys) {
    QUOTES_RETURN_IF_ERROR(EditAliasList(key, speaker_id, /*add=*/false));
  }
  --stats_.speakers;
  released_speakers_.insert(speaker_id);
  return Status::OK();
}

Status DocumentWriter::AddAliases(const std::string& form,
                                  const Speaker& speaker) {
  for (const std::string& key : AliasKeysFor(form, speaker.type())) {
    QUOTES_RETURN_IF_ERROR(
        EditAliasList(key, speaker.speaker_id(), /*add=*/true));
  }
  return Status::OK();
}

Status DocumentWriter::EditAliasList(const std::string& alias,
                                     const std::string& speaker_id, bool add) {
  const std::string key = AliasKey(alias);
  std::string value;
  bool found = false;
  QUOTES_RETURN_IF_ERROR(txn_->Get(key, &value, &found));
  std::vector<std::string> ids = SplitIdList(value);
  const auto it = std::find(ids.begin(), ids.end(), speaker_id);
  if (add == (it != ids.end())) return Status::OK();
  if (add) {
    ids.push_back(speaker_id);
  } else {
    ids.erase(it);
  }
  if (ids.empty()) {
    txn_->Delete(key);
  } else {
    txn_->Put(key, JoinIdList(ids));
  }
  return Status::OK();
}

Status DocumentWriter::GetRecord(const std::string& key,
                                 google::protobuf::MessageLite* record,
                                 bool* found) {
  std::string value;
  QUOTES_RETURN_IF_ERROR(txn_->Get(key, &value, found));
  if (!*found) return Status::OK();
  return ParseRecord(key, value, record);
}

Status DocumentWriter::PutQuote(const Quote* old, const Quote* updated,
                                const QuoteTerms* terms) {
  const bool with_terms = !(old && updated && SameTerms(*old, *updated));
  const IndexEntries before =
      old ? EntriesOf(*old, with_terms, nullptr) : IndexEntries();
  IndexEntries after =
      updated ? EntriesOf(*updated, with_terms, terms) : IndexEntries();
  if (old == nullptr) {
    // A new quote: every entry is new, and its keys can move into the
    // transaction.
    for (std::string& key : after.keys) txn_->Put(std::move(key), {});
    for (const std::string& key : after.counts) txn_->AddToCount(key, +1);
    if (updated) {
      txn_->Put(QuoteKey(updated->id()), updated->SerializeAsString());
    }
    return Status::OK();
  }
  for (const std::string& key : Minus(before.keys, after.keys)) {
    txn_->Delete(key);
  }
  for (const std::string& key : Minus(after.keys, before.keys)) {
    txn_->Put(key, std::string());
  }
  for (const std::string& key : Minus(before.counts, after.counts)) {
    txn_->AddToCount(key, -1);
  }
  for (const std::string& key : Minus(after.counts, before.counts)) {
    txn_->AddToCount(key, +1);
  }
  if (updated) {
    txn_->Put(QuoteKey(updated->id()), updated->SerializeAsString());
  } else if (old) {
    txn_->Delete(QuoteKey(old->id()));
  }
  return Status::OK();
}

}  // namespace quotes
