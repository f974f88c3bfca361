// The processors file (SPEC 5.3): accounts, env: secrets, and the check of
// every form's live_processors against it.
#include "providers/processor_accounts.h"

#include <gtest/gtest.h>

#include <map>

#include "forms/form_loader.h"

namespace prefill {
namespace {

const char* FakeEnv(const char* name) {
  static const std::map<std::string, std::string> env = {
      {"GR_STRIPE_KEY", "sk_test_from_env"}, {"GR_STRIPE_WHSEC", "whsec_from_env"},
      {"GR_PP_ID", "pp-id"}, {"GR_PP_SECRET", "pp-secret-value"}, {"EMPTY", ""}};
  auto it = env.find(name);
  return it == env.end() ? nullptr : it->second.c_str();
}

constexpr char kGood[] = R"({
  "gr-stripe": {"provider": "stripe", "secret_key": "env:GR_STRIPE_KEY", "webhook_secret": "env:GR_STRIPE_WHSEC",
                "publishable_key": "pk_test_123", "api_base": "http://127.0.0.1:9/"},
  "gr-paypal": {"provider": "paypal", "client_id": "env:GR_PP_ID", "client_secret": "env:GR_PP_SECRET",
                "webhook_id": "WH-1"}
})";

std::string Problems(const std::vector<FormProblem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.ToString() + "\n";
  return out;
}

TEST(ProcessorAccountsTest, ParsesAccountsAndResolvesEnvSecrets) {
  std::vector<FormProblem> problems;
  auto accounts = ProcessorAccounts::Parse(kGood, "processors.json", &problems, FakeEnv);
  ASSERT_TRUE(accounts.ok()) << Problems(problems);
  const ProcessorAccount* stripe = accounts->Find("gr-stripe");
  ASSERT_NE(stripe, nullptr);
  EXPECT_EQ(stripe->provider, Provider::kStripe);
  EXPECT_EQ(stripe->secret_key.reveal(), "sk_test_from_env");
  EXPECT_EQ(stripe->webhook_secret.reveal(), "whsec_from_env");
  EXPECT_EQ(stripe->publishable_key, "pk_test_123");
  EXPECT_EQ(stripe->api_base, "http://127.0.0.1:9");  // trailing slash dropped
  const ProcessorAccount* paypal = accounts->Find("gr-paypal");
  ASSERT_NE(paypal, nullptr);
  EXPECT_EQ(paypal->provider, Provider::kPaypal);
  EXPECT_EQ(paypal->client_secret.reveal(), "pp-secret-value");
  EXPECT_EQ(paypal->api_base, "https://api-m.paypal.com");  // default
  EXPECT_EQ(accounts->Find("other"), nullptr);
}

TEST(ProcessorAccountsTest, ReportsEveryProblemWithoutEverShowingASecret) {
  std::vector<FormProblem> problems;
  auto accounts = ProcessorAccounts::Parse(R"({
    "a": {"provider": "stripe", "secret_key": "env:MISSING"},
    "b": {"provider": "stripe", "secret_key": "env:EMPTY", "colour": "red"},
    "c": {"provider": "adyen"},
    "d e": {"provider": "paypal", "client_id": "x", "client_secret": "y"},
    "f": {"provider": "paypal", "client_id": "env:GR_PP_ID", "client_secret": "env:GR_PP_SECRET",
          "api_base": "http://api-m.paypal.com"},
    "g": {"provider": "stripe"}
  })", "p.json", &problems, FakeEnv);
  EXPECT_FALSE(accounts.ok());
  const std::string text = Problems(problems);
  EXPECT_NE(text.find("p.json: $.a.secret_key: environment variable 'MISSING' is not set"), std::string::npos) << text;
  EXPECT_NE(text.find("p.json: $.b.secret_key: environment variable 'EMPTY' is not set"), std::string::npos) << text;
  EXPECT_NE(text.find("$.b.colour: unknown key"), std::string::npos) << text;
  EXPECT_NE(text.find("$.c.provider: must be \"stripe\" or \"paypal\""), std::string::npos) << text;
  EXPECT_NE(text.find("$.d e: an account name"), std::string::npos) << text;
  EXPECT_NE(text.find("$.f.api_base: must be an https:// URL"), std::string::npos) << text;
  EXPECT_NE(text.find("$.g: missing required key 'secret_key'"), std::string::npos) << text;
  EXPECT_EQ(text.find("pp-secret-value"), std::string::npos) << text;
  EXPECT_EQ(text.find("pp-id"), std::string::npos) << text;

  problems.clear();
  EXPECT_FALSE(ProcessorAccounts::Parse("[1]", "p.json", &problems, FakeEnv).ok());
  EXPECT_FALSE(ProcessorAccounts::Parse("{", "p.json", &problems, FakeEnv).ok());
  EXPECT_FALSE(ProcessorAccounts::LoadFile("/nonexistent/processors.json", &problems, FakeEnv).ok());
  EXPECT_EQ(problems.size(), 3u) << Problems(problems);
}

Form LoadForm(const std::string& live_processors, std::vector<FormProblem>* problems) {
  const std::string methods =
      live_processors.find("payment_methods") == std::string::npos ? R"("payment_methods":["credit_card","paypal"],)" : "";
  const std::string json = R"({"id":"f","name":"F","hash":"form_live_hash_0001",)" + methods + live_processors +
                           R"("fields":{"amount":{"required":true},"payment_method":{"required":true},
                              "credit_card_token":{"required":false},
                              "credit_card_expire_date_month":{"required":false},
                              "credit_card_expire_date_year":{"required":false}}})";
  auto form = ParseForm(json, "f.json", problems);
  return form.ok() ? form.value() : Form();
}

TEST(ProcessorAccountsTest, FormRoutesAreCheckedAgainstTheAccounts) {
  std::vector<FormProblem> problems;
  auto accounts = ProcessorAccounts::Parse(kGood, "processors.json", &problems, FakeEnv);
  ASSERT_TRUE(accounts.ok());

  Form good = LoadForm(R"("live_processors":{"credit_card":"gr-stripe","paypal":"gr-paypal"},)", &problems);
  ASSERT_TRUE(problems.empty()) << Problems(problems);
  EXPECT_EQ(good.live_processors.at("credit_card"), "gr-stripe");
  EXPECT_TRUE(LoadAccountsForForms({good}, "", &problems, FakeEnv).status().Is(Status::Code::kInvalidArgument));
  EXPECT_NE(Problems(problems).find("no processor account 'gr-stripe'"), std::string::npos) << Problems(problems);
  problems.clear();

  CheckLiveProcessors(good, "f.json", *accounts, &problems);
  EXPECT_TRUE(problems.empty()) << Problems(problems);

  Form wrong = LoadForm(R"("live_processors":{"credit_card":"gr-paypal","paypal":"nope"},)", &problems);
  ASSERT_TRUE(problems.empty()) << Problems(problems);
  CheckLiveProcessors(wrong, "f.json", *accounts, &problems);
  const std::string text = Problems(problems);
  EXPECT_NE(text.find("f.json: $.live_processors.credit_card: account 'gr-paypal' cannot take credit_card"),
            std::string::npos) << text;
  EXPECT_NE(text.find("f.json: $.live_processors.paypal: no processor account 'nope'"), std::string::npos) << text;
}

TEST(ProcessorAccountsTest, FormLoaderRefusesRoutesOfOtherMethods) {
  std::vector<FormProblem> problems;
  LoadForm(R"("payment_methods":["paypal"],"live_processors":{"sepa_direct_debit":"x","credit_card":"y","paypal":""},)",
           &problems);
  const std::string text = Problems(problems);
  EXPECT_NE(text.find("$.live_processors.sepa_direct_debit: only 'credit_card' and 'paypal'"), std::string::npos)
      << text;
  EXPECT_NE(text.find("$.live_processors.credit_card: payment method 'credit_card' is not in payment_methods"),
            std::string::npos) << text;
  EXPECT_NE(text.find("$.live_processors.paypal: must be the name"), std::string::npos) << text;
}

}  // namespace
}  // namespace prefill
