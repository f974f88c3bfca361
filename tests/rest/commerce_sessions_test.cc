// CommerceSessions (src/rest/commerce_sessions.h): the rules of the commerce
// session types on memory stores - create's refusals, the session secret,
// choosing a campaign, allocations, confirm into donation intents (also under
// concurrent confirms), the states that refuse, and the donations listing.
#include "rest/commerce_sessions.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "forms/form_registry.h"
#include "rest/memory_commerce_store.h"
#include "rest/session_secret.h"
#include "session/memory_session_store.h"

namespace prefill {
namespace {

using Reason = CommerceRefusal::Reason;

class MemoryAttributes : public SessionAttributesStore {
 public:
  Status Put(const std::string& hash, const SessionAttributes& attributes) override {
    std::lock_guard<std::mutex> lock(mu);
    stored[hash] = attributes;
    return Status::OK();
  }
  Result<SessionAttributes> Get(const std::string& hash) override {
    std::lock_guard<std::mutex> lock(mu);
    auto it = stored.find(hash);
    return it == stored.end() ? SessionAttributes() : it->second;
  }
  std::mutex mu;
  std::map<std::string, SessionAttributes> stored;
};

class CommerceSessionsTest : public ::testing::Test {
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
    Form swiss = *loaded->FindById("demo");
    swiss.id = "swiss";
    swiss.hash = "swiss_live_hash_0001";
    swiss.sandbox_hash = "swiss_sandbox_hash_0001";
    swiss.rules.currency = "CHF";
    forms.push_back(closed);
    forms.push_back(swiss);
    auto registry = FormRegistry::FromForms(std::move(forms), &problems);
    ASSERT_TRUE(registry.ok()) << (problems.empty() ? "" : problems[0].ToString());
    forms_ = std::move(*registry);
  }

  CommerceCreateRequest Request(const std::string& type, const std::string& amount = "3.00",
                                std::vector<std::string> campaigns = {"demo", "spendenformular"}) {
    CommerceCreateRequest r;
    r.type = type;
    r.amount = amount;
    r.campaigns = std::move(campaigns);
    return r;
  }

  std::optional<CommerceRefusal> RefusalOf(CommerceCreateRequest request) {
    auto answer = commerce_.Create(std::move(request));
    EXPECT_TRUE(answer.ok()) << answer.status().ToString();
    if (!answer.ok()) return std::nullopt;
    return answer->refused;
  }

  // A new session of `type`; its id (and secret, if interactive).
  std::string Created(const std::string& type, std::string* secret = nullptr) {
    auto answer = commerce_.Create(Request(type));
    EXPECT_TRUE(answer.ok() && !answer->refused);
    if (secret) *secret = answer->secret;
    return answer->session.view.record.hash;
  }

  static Reason ReasonOf(const Result<CommerceAnswer>& answer) {
    EXPECT_TRUE(answer.ok()) << answer.status().ToString();
    EXPECT_TRUE(answer.ok() && answer->refused.has_value());
    return answer.ok() && answer->refused ? answer->refused->reason : Reason::kBadRequest;
  }

  FormRegistry forms_;
  MemorySessionStore store_;
  MemoryAttributes attributes_;
  MemoryCommerceStore commerce_store_{&store_};
  SessionService sessions_{&store_};
  SessionLifecycle lifecycle_{&store_};
  RestSessions rest_{&forms_, &sessions_, &lifecycle_, &attributes_, &commerce_store_};
  CommerceSessions commerce_{&forms_, &store_, &sessions_, &lifecycle_, &attributes_, &commerce_store_, &rest_};
};

TEST_F(CommerceSessionsTest, CreateRefusesInOrder) {
  EXPECT_EQ(RefusalOf(Request("subscription"))->reason, Reason::kInvalidType);
  EXPECT_EQ(RefusalOf(Request("donation_form"))->reason, Reason::kInvalidType);  // not a commerce type
  EXPECT_EQ(RefusalOf(Request("add_on", ""))->reason, Reason::kBadRequest);
  EXPECT_EQ(RefusalOf(Request("add_on", "0.00"))->reason, Reason::kBadRequest);
  EXPECT_EQ(RefusalOf(Request("add_on", "1.505"))->reason, Reason::kBadRequest);
  EXPECT_EQ(RefusalOf(Request("add_on", "-1"))->reason, Reason::kBadRequest);
  EXPECT_EQ(RefusalOf(Request("add_on", "3.00", {}))->reason, Reason::kCampaignsRequired);
  EXPECT_EQ(RefusalOf(Request("add_on", "3.00", {"demo", "demo"}))->reason, Reason::kBadRequest);
  auto unavailable = RefusalOf(Request("portion_of_sales", "3.00", {"demo", "nope", "closed", "swiss"}));
  ASSERT_TRUE(unavailable);
  EXPECT_EQ(unavailable->reason, Reason::kCampaignNotAvailable);
  ASSERT_EQ(unavailable->reasons.size(), 3u);  // every one named, the good one not
  EXPECT_NE(unavailable->reasons[0].find("nope"), std::string::npos);
  EXPECT_NE(unavailable->reasons[1].find("closed"), std::string::npos);
  EXPECT_NE(unavailable->reasons[2].find("CHF"), std::string::npos);
  auto form_missing = Request("add_on");
  form_missing.form_id = "nope";
  EXPECT_EQ(RefusalOf(form_missing)->reason, Reason::kFormNotFound);
  auto other_currency = Request("add_on");
  other_currency.attributes.currency = "chf";
  EXPECT_EQ(RefusalOf(other_currency)->reason, Reason::kCurrencyMismatch);
  // A CHF session of CHF campaigns is fine; an EUR campaign in it is not.
  EXPECT_FALSE(RefusalOf(Request("add_on", "3.00", {"swiss"})));
  EXPECT_EQ(RefusalOf(Request("add_on", "3.00", {"swiss", "demo"}))->reason, Reason::kCampaignNotAvailable);
  EXPECT_EQ(store_.size(), 1u);  // no refused create wrote a session
}

TEST_F(CommerceSessionsTest, InteractiveCreateAnswersASecretAndTheCampaigns) {
  auto answer = commerce_.Create(Request("add_on", "2.5"));
  ASSERT_TRUE(answer.ok() && !answer->refused);
  const std::string& secret = answer->secret;
  EXPECT_EQ(secret.rfind("pf_ss_", 0), 0u);
  EXPECT_EQ(secret.size(), kSessionSecretLength);
  ASSERT_EQ(answer->available.size(), 2u);
  EXPECT_EQ(answer->available[0]->id, "demo");
  EXPECT_EQ(answer->available[1]->id, "spendenformular");
  const SessionRecord& record = answer->session.view.record;
  EXPECT_EQ(record.form_id, "demo");  // the first campaign
  EXPECT_TRUE(record.values.empty());
  EXPECT_FALSE(answer->session.view.complete);
  EXPECT_TRUE(answer->session.view.errors.other_fields.empty());
  ASSERT_TRUE(answer->session.commerce);
  EXPECT_EQ(answer->session.commerce->terms.amount, 250);
  EXPECT_EQ(answer->session.commerce->terms.currency, "EUR");
  EXPECT_EQ(attributes_.stored[record.hash].type, "add_on");

  // Only the hash is stored, and only the secret opens this session.
  auto terms = commerce_store_.Get(record.hash);
  ASSERT_TRUE(terms.ok());
  EXPECT_EQ(terms->secret_hash, SessionSecretHash(secret));
  EXPECT_EQ(terms->secret_hash.find(secret.substr(6)), std::string::npos);
  EXPECT_TRUE(commerce_.AuthorizeSecret(record.hash, secret).ok());
  std::string flipped = secret;
  flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
  EXPECT_TRUE(commerce_.AuthorizeSecret(record.hash, flipped).Is(Status::Code::kForbidden));
  std::string other_secret;
  const std::string other = Created("portion_of_sales_choice", &other_secret);
  EXPECT_TRUE(commerce_.AuthorizeSecret(record.hash, other_secret).Is(Status::Code::kForbidden));
  EXPECT_TRUE(commerce_.AuthorizeSecret(other, secret).Is(Status::Code::kForbidden));
  EXPECT_TRUE(commerce_.AuthorizeSecret("no-such-session", secret).Is(Status::Code::kForbidden));
  // Two secrets never repeat.
  EXPECT_NE(secret, other_secret);

  // A non-interactive session has no secret at all.
  std::string none = "unset";
  const std::string pos = Created("portion_of_sales", &none);
  EXPECT_TRUE(none.empty());
  EXPECT_TRUE(commerce_store_.Get(pos)->secret_hash.empty());
  EXPECT_TRUE(commerce_.AuthorizeSecret(pos, secret).Is(Status::Code::kForbidden));
}

TEST_F(CommerceSessionsTest, TheFormsAmountIsLockedEmptySoNoFormCanCompleteIt) {
  const std::string id = Created("add_on");
  EXPECT_EQ(store_.Find(id)->fixed, (std::set<std::string>{"amount"}));
  const Form& demo = *forms_.FindById("demo");
  auto update = sessions_.Update(demo, id,
                                 {{"amount", "50", false}, {"payment_method", "bank_transfer", false},
                                  {"first_name", "Beate", false}, {"last_name", "Spender", false},
                                  {"email", "beate@example.org", false}},
                                 Authority::kForm);
  ASSERT_TRUE(update.ok()) << update.status().ToString();
  EXPECT_TRUE(update->errors.current_fields.count("amount"));
  EXPECT_FALSE(update->complete);
  EXPECT_EQ(store_.Find(id)->values.count("amount"), 0u);
}

TEST_F(CommerceSessionsTest, ChooseWhileOpenAndChangeUntilLocked) {
  const std::string id = Created("portion_of_sales_choice");
  EXPECT_EQ(ReasonOf(commerce_.ChooseCampaign(id, "swiss")), Reason::kCampaignNotAvailable);
  auto chosen = commerce_.ChooseCampaign(id, "demo");
  ASSERT_TRUE(chosen.ok() && !chosen->refused);
  EXPECT_EQ(chosen->session.commerce->terms.chosen, "demo");
  EXPECT_TRUE(chosen->session.view.complete);
  const int64_t version = store_.Find(id)->version;
  auto again = commerce_.ChooseCampaign(id, "demo");  // unchanged: nothing written
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(store_.Find(id)->version, version);
  auto changed = commerce_.ChooseCampaign(id, "spendenformular");
  ASSERT_TRUE(changed.ok() && !changed->refused);
  EXPECT_EQ(commerce_store_.Get(id)->chosen, "spendenformular");
  EXPECT_GT(store_.Find(id)->version, version);

  ASSERT_TRUE(rest_.Process(id, std::nullopt).ok());
  EXPECT_TRUE(commerce_.ChooseCampaign(id, "demo").status().Is(Status::Code::kLocked));
  EXPECT_EQ(commerce_store_.Get(id)->chosen, "spendenformular");

  const std::string ended = Created("add_on");
  ASSERT_TRUE(rest_.Expire(ended).ok());
  EXPECT_TRUE(commerce_.ChooseCampaign(ended, "demo").status().Is(Status::Code::kExpired));
  EXPECT_TRUE(commerce_.ChooseCampaign("no-such-session", "demo").status().Is(Status::Code::kNotFound));
}

TEST_F(CommerceSessionsTest, WrongTypeForChoiceAndAllocations) {
  const std::string pos = Created("portion_of_sales");
  const std::string choice = Created("add_on");
  EXPECT_EQ(ReasonOf(commerce_.ChooseCampaign(pos, "demo")), Reason::kWrongType);
  EXPECT_EQ(ReasonOf(commerce_.SetAllocations(choice, {{"demo", "3.00", std::nullopt}})), Reason::kWrongType);
  RestCreateRequest form;
  form.form_id = "demo";
  form.inputs = {{"amount", "10", false}};
  auto plain = rest_.Create(form);
  ASSERT_TRUE(plain.ok() && !plain->refused);
  EXPECT_EQ(ReasonOf(commerce_.ChooseCampaign(plain->created.view.record.hash, "demo")), Reason::kWrongType);
  EXPECT_EQ(ReasonOf(commerce_.SetAllocations(plain->created.view.record.hash, {})), Reason::kWrongType);
}

TEST_F(CommerceSessionsTest, AllocationsMustAddUpAndNameEachCampaignOnce) {
  const std::string id = Created("portion_of_sales");  // 3.00 to demo / spendenformular
  EXPECT_EQ(ReasonOf(commerce_.SetAllocations(id, {})), Reason::kAllocationsRequired);
  auto bad = commerce_.SetAllocations(id, {{"demo", "1.00", std::nullopt},
                                           {"demo", "1.00", std::nullopt},
                                           {"swiss", "0.50", std::nullopt},
                                           {"spendenformular", "1,5", std::nullopt},
                                           {"spendenformular", "0.50", std::string("USD")}});
  ASSERT_TRUE(bad.ok() && bad->refused);
  EXPECT_EQ(bad->refused->reason, Reason::kInvalidAllocations);
  std::string all;
  for (const auto& r : bad->refused->reasons) all += r + "\n";
  EXPECT_NE(all.find("allocations[1]: campaign demo is allocated twice"), std::string::npos) << all;
  EXPECT_NE(all.find("allocations[2]: campaign swiss is not one of"), std::string::npos) << all;
  EXPECT_NE(all.find("allocations[3]: amount"), std::string::npos) << all;
  EXPECT_NE(all.find("allocations[4]: currency USD"), std::string::npos) << all;
  auto short_sum = commerce_.SetAllocations(id, {{"demo", "1.00", std::nullopt}, {"spendenformular", "1.99", std::nullopt}});
  EXPECT_EQ(ReasonOf(short_sum), Reason::kInvalidAllocations);
  EXPECT_NE(short_sum->refused->reasons[0].find("2.99"), std::string::npos);
  EXPECT_EQ(ReasonOf(commerce_.SetAllocations(id, {{"demo", "0", std::nullopt}, {"spendenformular", "3", std::nullopt}})),
            Reason::kInvalidAllocations);
  EXPECT_TRUE(commerce_store_.Get(id)->allocations.empty());  // nothing refused was stored

  auto set = commerce_.SetAllocations(id, {{"demo", "1.50", std::string("eur")}, {"spendenformular", "1.5", std::nullopt}});
  ASSERT_TRUE(set.ok() && !set->refused);
  EXPECT_TRUE(set->session.view.complete);
  auto replaced = commerce_.SetAllocations(id, {{"spendenformular", "3.00", std::nullopt}});
  ASSERT_TRUE(replaced.ok() && !replaced->refused);
  const auto stored = commerce_store_.Get(id)->allocations;
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0], (Allocation{"spendenformular", 300}));
  ASSERT_TRUE(rest_.Process(id, std::nullopt).ok());
  EXPECT_TRUE(commerce_.SetAllocations(id, {{"demo", "3.00", std::nullopt}}).status().Is(Status::Code::kLocked));
}

TEST_F(CommerceSessionsTest, ConfirmTurnsTheChoiceIntoOneDonationOnce) {
  const std::string id = Created("add_on");
  EXPECT_EQ(ReasonOf(commerce_.Confirm(id, nullptr)), Reason::kCampaignRequired);
  EXPECT_EQ(store_.Find(id)->state, SessionState::kOpen);
  ASSERT_TRUE(commerce_.ChooseCampaign(id, "spendenformular").ok());
  ASSERT_TRUE(rest_.Process(id, std::nullopt).ok());  // confirm works while processing too
  auto confirmed = commerce_.Confirm(id, nullptr);
  ASSERT_TRUE(confirmed.ok() && !confirmed->refused);
  EXPECT_EQ(confirmed->session.view.record.state, SessionState::kCompleted);
  const auto& donations = confirmed->session.commerce->donations;
  ASSERT_EQ(donations.size(), 1u);
  EXPECT_EQ(donations[0].campaign, "spendenformular");
  EXPECT_EQ(donations[0].amount, 300);
  EXPECT_EQ(donations[0].currency, "EUR");
  EXPECT_EQ(donations[0].status, "pending");
  EXPECT_EQ(donations[0].id.rfind("don_", 0), 0u);

  auto again = commerce_.Confirm(id, nullptr);
  ASSERT_TRUE(again.ok() && !again->refused);
  ASSERT_EQ(again->session.commerce->donations.size(), 1u);
  EXPECT_EQ(again->session.commerce->donations[0].id, donations[0].id);
  EXPECT_TRUE(commerce_.ChooseCampaign(id, "demo").status().Is(Status::Code::kProcessed));

  const std::string ended = Created("add_on");
  ASSERT_TRUE(commerce_.ChooseCampaign(ended, "demo").ok());
  ASSERT_TRUE(rest_.Expire(ended).ok());
  EXPECT_TRUE(commerce_.Confirm(ended, nullptr).status().Is(Status::Code::kExpired));
  EXPECT_TRUE(commerce_store_.DonationsOf(ended)->empty());
}

TEST_F(CommerceSessionsTest, ConfirmTurnsAllocationsIntoOneDonationEach) {
  const std::string id = Created("portion_of_sales");
  EXPECT_EQ(ReasonOf(commerce_.Confirm(id, nullptr)), Reason::kAllocationsRequired);
  ASSERT_TRUE(commerce_.SetAllocations(id, {{"demo", "1.25", std::nullopt}, {"spendenformular", "1.75", std::nullopt}}).ok());
  auto confirmed = commerce_.Confirm(id, nullptr);
  ASSERT_TRUE(confirmed.ok() && !confirmed->refused);
  const auto& d = confirmed->session.commerce->donations;
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[0].campaign, "demo");
  EXPECT_EQ(d[0].amount, 125);
  EXPECT_EQ(d[1].campaign, "spendenformular");
  EXPECT_EQ(d[1].amount, 175);
}

TEST_F(CommerceSessionsTest, ConcurrentConfirmsMakeOneSetOfDonations) {
  for (int round = 0; round < 5; ++round) {
    const std::string id = Created("portion_of_sales");
    ASSERT_TRUE(commerce_.SetAllocations(id, {{"demo", "1.00", std::nullopt}, {"spendenformular", "2.00", std::nullopt}}).ok());
    constexpr int kThreads = 8;
    std::vector<std::set<std::string>> seen(kThreads);
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        auto answer = commerce_.Confirm(id, nullptr);
        if (!answer.ok() || answer->refused) {
          ++failures;
          return;
        }
        for (const auto& d : answer->session.commerce->donations) seen[t].insert(d.id);
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(failures.load(), 0);
    for (int t = 1; t < kThreads; ++t) EXPECT_EQ(seen[t], seen[0]);  // every caller: the same two
    EXPECT_EQ(seen[0].size(), 2u);
    EXPECT_EQ(commerce_store_.DonationsOf(id)->size(), 2u);
  }
}

TEST_F(CommerceSessionsTest, DonationsAreListedByCampaignInKeysetPages) {
  for (int i = 0; i < 5; ++i) {
    const std::string id = Created("add_on");
    ASSERT_TRUE(commerce_.ChooseCampaign(id, i % 2 == 0 ? "demo" : "spendenformular").ok());
    ASSERT_TRUE(commerce_.Confirm(id, nullptr).ok());
  }
  DonationFilter demo;
  demo.campaign = "demo";
  auto p1 = commerce_.ListDonations(demo, ListOrder::kDescending, std::nullopt, 2);
  ASSERT_TRUE(p1.ok());
  EXPECT_EQ(p1->total_results, 3);
  ASSERT_EQ(p1->rows.size(), 2u);
  EXPECT_GT(p1->rows[0].row_id, p1->rows[1].row_id);
  ASSERT_TRUE(p1->next);
  EXPECT_FALSE(p1->prev);
  auto p2 = commerce_.ListDonations(demo, ListOrder::kDescending, p1->next, 2);
  ASSERT_TRUE(p2.ok());
  ASSERT_EQ(p2->rows.size(), 1u);
  EXPECT_FALSE(p2->next);
  ASSERT_TRUE(p2->prev);
  auto back = commerce_.ListDonations(demo, ListOrder::kDescending, p2->prev, 2);
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->rows.size(), 2u);
  EXPECT_EQ(back->rows[0].id, p1->rows[0].id);
  for (const auto& d : p1->rows) EXPECT_EQ(d.campaign, "demo");
  EXPECT_EQ(p2->rows[0].campaign, "demo");
  DonationFilter all;
  auto everything = commerce_.ListDonations(all, ListOrder::kAscending, std::nullopt, 100);
  EXPECT_EQ(everything->total_results, 5);
  EXPECT_FALSE(commerce_.ListDonations(all, ListOrder::kAscending, p1->next, 2).ok());  // direction mismatch
}

}  // namespace
}  // namespace prefill
