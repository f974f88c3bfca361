// RestSessions (src/rest/rest_sessions.h): the REST API's session rules below the
// wire, on memory stores - the refusals of create in their order, the two-table
// write and its compensation, Confirm's typed refusal with its reasons, and the
// :id operations on sessions of any form.
#include "rest/rest_sessions.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "forms/form_registry.h"
#include "session/memory_session_store.h"

namespace prefill {
namespace {

using Reason = CreateRefusal::Reason;

class MemoryAttributes : public SessionAttributesStore {
 public:
  Status Put(const std::string& hash, const SessionAttributes& attributes) override {
    if (fail_puts) return Status::Unavailable("attributes store down");
    stored[hash] = attributes;
    return Status::OK();
  }
  Result<SessionAttributes> Get(const std::string& hash) override {
    auto it = stored.find(hash);
    return it == stored.end() ? SessionAttributes() : it->second;
  }
  bool fail_puts = false;
  std::map<std::string, SessionAttributes> stored;
};

class RestSessionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<FormProblem> problems;
    auto loaded = FormRegistry::LoadDirectory(std::string(PREFILL_SOURCE_DIR) + "/forms", &problems);
    ASSERT_TRUE(loaded.ok());
    std::vector<Form> forms = loaded->forms();
    Form closed = *loaded->FindById("demo");
    closed.id = "closed";
    closed.hash = "closed_live_hash_0001";
    closed.sandbox_hash = "closed_sandbox_hash_0001";
    closed.active = false;
    Form live_only = *loaded->FindById("demo");
    live_only.id = "live_only";
    live_only.hash = "live_only_hash_0001";
    live_only.sandbox_hash.clear();
    forms.push_back(closed);
    forms.push_back(live_only);
    auto registry = FormRegistry::FromForms(std::move(forms), &problems);
    ASSERT_TRUE(registry.ok()) << (problems.empty() ? "" : problems[0].ToString());
    forms_ = std::move(*registry);
  }

  RestCreateRequest Request(const std::string& form_id, std::vector<FieldInput> inputs = {{"amount", "10", false}}) {
    RestCreateRequest request;
    request.form_id = form_id;
    request.inputs = std::move(inputs);
    return request;
  }

  std::optional<Reason> RefusalOf(RestCreateRequest request) {
    auto outcome = rest_.Create(std::move(request));
    EXPECT_TRUE(outcome.ok()) << outcome.status().ToString();
    if (!outcome.ok() || !outcome->refused) return std::nullopt;
    return outcome->refused->reason;
  }

  FormRegistry forms_;
  MemorySessionStore store_;
  MemoryAttributes attributes_;
  SessionService sessions_{&store_};
  SessionLifecycle lifecycle_{&store_};
  RestSessions rest_{&forms_, &sessions_, &lifecycle_, &attributes_};
};

TEST_F(RestSessionsTest, CreateRefusesInTheDocumentedOrder) {
  EXPECT_EQ(RefusalOf(Request("nope")), Reason::kFormNotFound);
  EXPECT_EQ(RefusalOf(Request("closed")), Reason::kFormInactive);
  RestCreateRequest wrong_currency = Request("demo");
  wrong_currency.attributes.currency = "usd";
  EXPECT_EQ(RefusalOf(wrong_currency), Reason::kCurrencyMismatch);
  RestCreateRequest no_sandbox = Request("live_only");
  no_sandbox.sandbox = true;
  EXPECT_EQ(RefusalOf(no_sandbox), Reason::kNoSandbox);
  EXPECT_EQ(RefusalOf(Request("demo", {})), Reason::kNoValues);
  // The inactive form refuses before its currency is even looked at.
  RestCreateRequest closed_and_wrong = Request("closed");
  closed_and_wrong.attributes.currency = "USD";
  EXPECT_EQ(RefusalOf(closed_and_wrong), Reason::kFormInactive);
  EXPECT_EQ(store_.size(), 0u) << "a refusal creates nothing";
}

TEST_F(RestSessionsTest, CreateStoresTheSessionAndItsAttributes) {
  RestCreateRequest request = Request("demo");
  request.sandbox = true;
  request.attributes.currency = "eur";  // any case: the form's currency
  request.attributes.user_id = "u-1";
  request.metadata = {{"order", "42"}};
  auto outcome = rest_.Create(request);
  ASSERT_TRUE(outcome.ok());
  ASSERT_FALSE(outcome->refused);
  const RestSessionResult& created = outcome->created;
  EXPECT_EQ(created.form, forms_.FindById("demo"));
  EXPECT_TRUE(created.view.record.sandbox);
  EXPECT_EQ(created.attributes.currency, "EUR");
  EXPECT_EQ(attributes_.stored.at(created.view.record.hash).user_id, "u-1");
  EXPECT_EQ(store_.Find(created.view.record.hash)->metadata.at("order"), "42");
}

TEST_F(RestSessionsTest, ASessionWhoseAttributesCannotBeStoredIsEndedAtOnce) {
  attributes_.fail_puts = true;
  auto outcome = rest_.Create(Request("demo"));
  ASSERT_FALSE(outcome.ok());
  EXPECT_TRUE(outcome.status().Is(Status::Code::kUnavailable));
  ASSERT_EQ(store_.size(), 1u);
  // It was expired (expires_at = now), not left open for its 60 minutes: a
  // purge with a cutoff a second from now takes it.
  auto purged = store_.PurgeExpiredBefore(SystemNow() + std::chrono::seconds(1));
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 1);
}

TEST_F(RestSessionsTest, ConfirmRefusesAnIncompleteSessionWithItsReasonsAndForm) {
  auto created = rest_.Create(Request("demo"));
  ASSERT_TRUE(created.ok() && !created->refused);
  const std::string id = created->created.view.record.hash;
  IncompleteSession incomplete;
  auto confirmed = rest_.Confirm(id, &incomplete);
  ASSERT_FALSE(confirmed.ok());
  EXPECT_TRUE(confirmed.status().Is(Status::Code::kIncomplete));
  EXPECT_EQ(incomplete.form, forms_.FindById("demo"));
  EXPECT_TRUE(incomplete.errors.other_fields.count("last_name")) << "the reasons come with the refusal";

  auto patched = rest_.Patch(id,
                             {{"payment_method", "bank_transfer", false},
                              {"first_name", "Beate", false},
                              {"last_name", "Spender", false},
                              {"email", "beate@example.org", false}},
                             std::nullopt, nullptr);
  ASSERT_TRUE(patched.ok()) << patched.status().ToString();
  auto done = rest_.Confirm(id, &incomplete);
  ASSERT_TRUE(done.ok()) << done.status().ToString() << " other_fields: " << incomplete.errors.other_fields.size()
                         << (incomplete.errors.other_fields.empty() ? "" : " first " + incomplete.errors.other_fields.begin()->first);
  EXPECT_EQ(done->view.record.state, SessionState::kCompleted);
}

TEST_F(RestSessionsTest, IdOperationsFindSessionsOfAnyFormAndRefuseUnknownIds) {
  auto created = rest_.Create(Request("live_only"));
  ASSERT_TRUE(created.ok() && !created->refused);
  const std::string id = created->created.view.record.hash;
  auto retrieved = rest_.Retrieve(id);
  ASSERT_TRUE(retrieved.ok());
  EXPECT_EQ(retrieved->form, forms_.FindById("live_only"));
  auto processed = rest_.Process(id, std::chrono::minutes(30));
  ASSERT_TRUE(processed.ok());
  EXPECT_EQ(processed->view.record.state, SessionState::kProcessing);
  EXPECT_TRUE(rest_.Expire(id).status().Is(Status::Code::kLocked));
  EXPECT_TRUE(rest_.Retrieve("0000").status().Is(Status::Code::kNotFound));

  std::vector<std::string> problems;
  MetadataPatch too_long{{"k", std::string(kMaxMetadataValueLength + 1, 'x')}};
  auto refused = rest_.Patch(id, {}, too_long, &problems);
  EXPECT_TRUE(refused.status().Is(Status::Code::kLocked)) << "a processing session is not patched";
}

}  // namespace
}  // namespace prefill
