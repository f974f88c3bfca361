#include "forms/form_loader.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "form_test_util.h"

namespace prefill {
namespace {

using testing_forms::Dump;
using testing_forms::FormJson;
using testing_forms::HasProblem;

const std::string kFile = "forms/t.json";

// The problems of parsing `json`; also checks that failure and problems agree.
std::vector<FormProblem> ProblemsOf(const std::string& json, const FormLoadOptions& options = FormLoadOptions()) {
  std::vector<FormProblem> problems;
  Result<Form> form = ParseForm(json, kFile, &problems, options);
  EXPECT_EQ(form.ok(), problems.empty()) << Dump(problems);
  for (const FormProblem& p : problems) EXPECT_EQ(p.file, kFile);
  return problems;
}

Form ParseOk(const std::string& json) {
  std::vector<FormProblem> problems;
  Result<Form> form = ParseForm(json, kFile, &problems);
  EXPECT_TRUE(form.ok()) << Dump(problems);
  return form.ok() ? form.value() : Form();
}

// ---- shipped forms ----

TEST(FormLoaderTest, DemoFormLoads) {
  std::vector<FormProblem> problems;
  Result<Form> loaded = LoadFormFile(PREFILL_SOURCE_DIR "/forms/demo.json", &problems);
  ASSERT_TRUE(loaded.ok()) << Dump(problems);
  const Form& form = loaded.value();
  EXPECT_EQ(form.id, "demo");
  EXPECT_EQ(form.name, "Prefill demo charity");
  EXPECT_EQ(form.hash, "demo_live_hash_0001");
  EXPECT_EQ(form.sandbox_hash, "demo_sandbox_hash_0001");
  EXPECT_EQ(form.language(), "en-GB");
  EXPECT_EQ(form.currency(), "EUR");
  EXPECT_EQ(form.rules.amount.min, 100);
  ASSERT_TRUE(form.rules.amount.max.has_value());
  EXPECT_EQ(*form.rules.amount.max, 1000000);
  EXPECT_EQ(form.amount_max, "10000.00");
  EXPECT_EQ(form.rules.amount.suggestions, (std::vector<validators::Cents>{1000, 2500, 5000, 10000}));
  EXPECT_EQ(form.amount_suggestions, (std::vector<std::string>{"10.00", "25.00", "50.00", "100.00"}));
  EXPECT_EQ(form.rules.intervals, (std::vector<std::string>{"0", "1", "3", "12"}));
  EXPECT_EQ(form.rules.payment_methods.size(), 4u);
  ASSERT_EQ(form.rules.items.size(), 3u);
  EXPECT_EQ(form.rules.items[0].id, "tree");
  EXPECT_EQ(form.rules.items[0].min_amount, 500);
  EXPECT_EQ(form.rules.items[1].id, "school-kit");
  EXPECT_EQ(form.rules.items[1].min_amount, 2500);
  EXPECT_EQ(form.items[1].min_amount, "25.00");
  EXPECT_FALSE(form.items[2].visible);

  // Every standard field plus basket and order_id, in file order.
  ASSERT_EQ(form.fields.size(), 31u);
  EXPECT_EQ(form.fields.front().name, "amount");
  EXPECT_EQ(form.fields[form.fields.size() - 2].name, "basket");
  EXPECT_EQ(form.fields.back().name, "order_id");
  for (const char* required : {"amount", "payment_method", "first_name", "last_name", "email"}) {
    EXPECT_TRUE(form.rules.fields.at(required).required) << required;
  }
  EXPECT_FALSE(form.rules.fields.at("phone").required);
  for (const FormField& field : form.fields) {
    if (field.name == "basket") continue;  // hidden, never shown
    EXPECT_TRUE(field.label.count("en") && field.label.count("de")) << field.name;
  }
  const validators::FieldRule& basket = form.rules.fields.at("basket");
  EXPECT_TRUE(basket.hidden);
  ASSERT_TRUE(basket.validator.has_value());
  EXPECT_EQ(basket.validator->type, validators::CustomValidator::Type::kText);
  EXPECT_EQ(basket.validator->max_length, 65536);
  EXPECT_EQ(form.FindField("basket")->type, "hidden");
  const validators::FieldRule& order_id = form.rules.fields.at("order_id");
  ASSERT_TRUE(order_id.validator.has_value());
  EXPECT_FALSE(order_id.validator->pattern.empty());
  EXPECT_FALSE(form.rules.fields.at("email").validator.has_value());

  // Derived display options: invisible items are not offered.
  const FormField* item = form.FindField("fb_item_id");
  ASSERT_NE(item, nullptr);
  ASSERT_EQ(item->options.size(), 2u);
  EXPECT_EQ(item->options[0], std::make_pair(std::string("tree"), std::string("Plant a tree")));
  const FormField* interval = form.FindField("interval");
  ASSERT_EQ(interval->options.size(), 4u);
  EXPECT_EQ(interval->options[1].second, "monthly");
  EXPECT_EQ(form.FindField("payment_method")->options.size(), 4u);
  EXPECT_EQ(form.FindField("salutation")->options.size(), 7u);
  EXPECT_EQ(form.FindField("email")->type, "email");
  EXPECT_EQ(form.FindField("amount")->LabelFor("de-DE"), "Ihre Spende");
  EXPECT_EQ(form.FindField("amount")->LabelFor("en-GB"), "Your donation");
}

TEST(FormLoaderTest, GermanFormLoads) {
  std::vector<FormProblem> problems;
  Result<Form> loaded = LoadFormFile(PREFILL_SOURCE_DIR "/forms/spendenformular.json", &problems);
  ASSERT_TRUE(loaded.ok()) << Dump(problems);
  const Form& form = loaded.value();
  EXPECT_EQ(form.language(), "de-DE");
  EXPECT_TRUE(form.api_enabled);
  EXPECT_EQ(form.session_ttl_minutes, 60);
  EXPECT_EQ(form.rules.payment_methods, (std::vector<std::string>{"sepa_direct_debit", "bank_transfer"}));
  EXPECT_EQ(form.rules.fields.at("salutation").options, (std::vector<std::string>{"Mr.", "Mrs.", "diverse"}));
  EXPECT_EQ(form.FindField("salutation")->options[0].second, "Herr");
  EXPECT_EQ(form.FindField("payment_method")->options[0].second, "SEPA-Lastschrift");
  EXPECT_EQ(form.FindField("interval")->options[0].second, "einmalig");
  EXPECT_EQ(form.FindField("first_name")->LabelFor("de-DE"), "Vorname");
  // A label given only in German is used for English pages too.
  EXPECT_EQ(form.FindField("is_privacy_accepted")->LabelFor("en-GB"), "Ich habe die Datenschutzerklärung gelesen");
  EXPECT_EQ(form.rules.fields.at("newsletter_topic").options, (std::vector<std::string>{"education", "health"}));
  EXPECT_EQ(form.FindField("newsletter_topic")->type, "select");
}

// ---- defaults ----

TEST(FormLoaderTest, DefaultsOfSpecSectionOne) {
  Form form = ParseOk(FormJson());
  EXPECT_EQ(form.id, "t");
  EXPECT_TRUE(form.sandbox_hash.empty());
  EXPECT_TRUE(form.active);
  EXPECT_TRUE(form.api_enabled);
  EXPECT_EQ(form.language(), "en-GB");
  EXPECT_EQ(form.currency(), "EUR");
  EXPECT_EQ(form.session_ttl_minutes, 1440);
  EXPECT_EQ(form.rules.amount.min, 100);
  EXPECT_EQ(form.amount_min, "1.00");
  EXPECT_FALSE(form.rules.amount.max.has_value());
  EXPECT_EQ(form.amount_max, "");
  EXPECT_TRUE(form.rules.amount.free_amount);
  EXPECT_TRUE(form.rules.amount.suggestions.empty());
  EXPECT_EQ(form.rules.intervals, std::vector<std::string>{"0"});
  EXPECT_EQ(form.rules.payment_methods,
            (std::vector<std::string>{"sepa_direct_debit", "credit_card", "paypal", "bank_transfer"}));
  EXPECT_TRUE(form.items.empty());
  EXPECT_TRUE(form.allowed_embed_origins.empty());
  ASSERT_EQ(form.fields.size(), 1u);
  EXPECT_EQ(form.fields[0].label.at("en"), "Amount");
  EXPECT_EQ(form.fields[0].label.at("de"), "Betrag");
  EXPECT_EQ(form.fields[0].type, "text");
}

TEST(FormLoaderTest, ExplicitValuesOverrideDefaults) {
  Form form = ParseOk(FormJson(R"("active": false, "api_enabled": false, "currency": "CHF",
      "session_ttl_minutes": 15, "sandbox_hash": "test_sandbox_hash_01",)"));
  EXPECT_FALSE(form.active);
  EXPECT_FALSE(form.api_enabled);
  EXPECT_EQ(form.currency(), "CHF");
  EXPECT_EQ(form.session_ttl_minutes, 15);
  EXPECT_EQ(form.sandbox_hash, "test_sandbox_hash_01");
  EXPECT_EQ(ParseOk(FormJson(R"("session_ttl_minutes": 1440,)")).session_ttl_minutes, 1440);
}

TEST(FormLoaderTest, FieldsKeepFileOrder) {
  Form form = ParseOk(FormJson("", R"("zeta": {"validator": {"type": "text"}}, "email": {}, "amount": {},
      "alpha": {"validator": {"type": "integer", "min": 1, "max": 9}})"));
  ASSERT_EQ(form.fields.size(), 4u);
  EXPECT_EQ(form.fields[0].name, "zeta");
  EXPECT_EQ(form.fields[1].name, "email");
  EXPECT_EQ(form.fields[2].name, "amount");
  EXPECT_EQ(form.fields[3].name, "alpha");
  EXPECT_EQ(form.fields[3].type, "number");
  EXPECT_EQ(form.rules.fields.at("alpha").validator->min, 1.0);
  EXPECT_EQ(form.rules.fields.at("alpha").validator->max, 9.0);
  // A custom field without a label is shown with its name.
  EXPECT_EQ(form.fields[0].LabelFor("en-GB"), "zeta");
}

TEST(FormLoaderTest, CustomFieldLengthDefaults) {
  Form form = ParseOk(FormJson("", R"("note": {"validator": {"type": "text"}},
      "cart": {"hidden": true, "validator": {"type": "text"}},
      "ref": {"type": "hidden", "validator": {"type": "text", "max_length": 20}})"));
  EXPECT_EQ(form.rules.fields.at("note").validator->max_length, 1000);
  EXPECT_FALSE(form.rules.fields.at("note").hidden);
  EXPECT_EQ(form.rules.fields.at("cart").validator->max_length, 65536);
  EXPECT_TRUE(form.rules.fields.at("ref").hidden);  // type hidden implies hidden
  EXPECT_EQ(form.rules.fields.at("ref").validator->max_length, 20);
}

// ---- refusals ----

TEST(FormLoaderTest, MissingRequiredKeysAreAllReported) {
  std::vector<FormProblem> problems = ProblemsOf("{}");
  EXPECT_EQ(problems.size(), 4u) << Dump(problems);
  for (const char* key : {"id", "name", "hash", "fields"}) {
    EXPECT_TRUE(HasProblem(problems, std::string("$.") + key, "missing required key")) << key << Dump(problems);
  }
}

TEST(FormLoaderTest, CollectsAllProblemsOfAFile) {
  std::vector<FormProblem> problems = ProblemsOf(FormJson(R"("colour": "red", "session_ttl_minutes": 5,
      "intervals": [0, 2], "payment_methods": ["bitcoin"],)",
      R"("basket": {"hidden": true}, "amount": {"required": "yes"})"));
  EXPECT_TRUE(HasProblem(problems, "$.colour", "unknown key 'colour'")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.session_ttl_minutes", "from 15 to 1440")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.intervals[1]", "unknown interval 2")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.payment_methods[0]", "unknown payment method 'bitcoin'")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.fields.basket.validator", "custom field needs a validator")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.fields.amount.required", "must be true or false, not a string"))
      << Dump(problems);
  EXPECT_EQ(problems.size(), 6u) << Dump(problems);
}

TEST(FormLoaderTest, ProblemToStringNamesFilePathAndReason) {
  std::vector<FormProblem> problems = ProblemsOf(FormJson("", R"("x": {})"));
  ASSERT_EQ(problems.size(), 1u) << Dump(problems);
  EXPECT_EQ(problems[0].ToString(), "forms/t.json: $.fields.x.validator: custom field needs a validator");
}

TEST(FormLoaderTest, UnknownKeysAnywhere) {
  std::vector<FormProblem> problems = ProblemsOf(FormJson(
      R"("amount": {"min": "1.00", "maximum": "5.00"},
         "items": [{"id": "tree", "name": "Tree", "price": "5.00"}],)",
      R"("fb_item_id": {"requried": true},
         "code": {"validator": {"type": "text", "regex": "x"}},
         "pick": {"validator": {"type": "select"}, "options": [{"key": "a", "value": "A", "label": "A"}]})"));
  EXPECT_TRUE(HasProblem(problems, "$.amount.maximum", "unknown key")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.items[0].price", "unknown key")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.fields.fb_item_id.requried", "unknown key 'requried'")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.fields.code.validator.regex", "unknown key")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.fields.pick.options[0].label", "unknown key")) << Dump(problems);
  EXPECT_EQ(problems.size(), 5u) << Dump(problems);
}

TEST(FormLoaderTest, DuplicateKeysAreRefused) {
  std::vector<FormProblem> problems = ProblemsOf(
      R"({"id": "t", "id": "u", "name": "T", "hash": "test_live_hash_0001",
          "fields": {"email": {}, "email": {"required": true}}})");
  EXPECT_TRUE(HasProblem(problems, "$.id", "duplicate key 'id'")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.fields.email", "duplicate key 'email'")) << Dump(problems);
}

TEST(FormLoaderTest, WrongTypes) {
  std::vector<FormProblem> problems = ProblemsOf(
      R"({"id": 7, "name": "T", "hash": "test_live_hash_0001", "active": "yes", "api_enabled": 1,
          "session_ttl_minutes": "30", "amount": [], "intervals": "0", "payment_methods": [7],
          "items": {}, "allowed_embed_origins": "https://a.org",
          "fields": {"email": {"label": "E-mail"}, "first_name": [], "phone": {"type": 5}}})");
  EXPECT_TRUE(HasProblem(problems, "$.id", "must be a string, not a number")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.active", "must be true or false")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.api_enabled", "must be true or false")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.session_ttl_minutes", "must be an integer, not a string")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.amount", "must be an object, not an array")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.intervals", "must be an array")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.payment_methods[0]", "must be a string")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.items", "must be an array, not an object")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.allowed_embed_origins", "must be an array")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.fields.email.label", "must be an object")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.fields.first_name", "a field must be an object")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.fields.phone.type", "must be a string")) << Dump(problems);
}

TEST(FormLoaderTest, NotAnObject) {
  std::vector<FormProblem> problems = ProblemsOf("[1, 2]");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "$");
  EXPECT_NE(problems[0].reason.find("not an array"), std::string::npos);
}

TEST(FormLoaderTest, MalformedJsonNamesOffsetLineAndColumn) {
  const std::string json = "{\n  \"id\": \"t\"\n  \"name\": \"x\"\n}";
  std::vector<FormProblem> problems = ProblemsOf(json);
  ASSERT_EQ(problems.size(), 1u) << Dump(problems);
  EXPECT_EQ(problems[0].path, "$");
  const size_t offset = json.find("\"name\"");
  EXPECT_NE(problems[0].reason.find("malformed JSON at offset " + std::to_string(offset)), std::string::npos)
      << problems[0].reason;
  EXPECT_NE(problems[0].reason.find("line 3, column 3"), std::string::npos) << problems[0].reason;
  // Trailing commas and comments are not JSON either.
  EXPECT_EQ(ProblemsOf(R"({"id": "t",})").size(), 1u);
  EXPECT_EQ(ProblemsOf("// form\n{}").size(), 1u);
  EXPECT_EQ(ProblemsOf("").size(), 1u);
  EXPECT_TRUE(HasProblem(ProblemsOf(std::string("{\"id\": \"\xff\"}")), "$", "malformed JSON"));
}

TEST(FormLoaderTest, BadIdsAndNames) {
  for (const char* id : {"", "Demo", "-demo", "demo form", "démo", "_x"}) {
    std::string json = FormJson();
    json.replace(json.find("\"t\""), 3, std::string("\"") + id + "\"");
    EXPECT_TRUE(HasProblem(ProblemsOf(json), "$.id", "not a slug")) << id;
  }
  for (const char* id : {"demo", "0", "a-b_c9"}) {
    std::string json = FormJson();
    json.replace(json.find("\"t\""), 3, std::string("\"") + id + "\"");
    EXPECT_TRUE(ProblemsOf(json).empty()) << id;
  }
  std::string json = FormJson();
  json.replace(json.find("\"Test form\""), 11, "\"\"");
  EXPECT_TRUE(HasProblem(ProblemsOf(json), "$.name", "must not be empty"));
}

TEST(FormLoaderTest, BadHashes) {
  auto with_hash = [](const std::string& hash) {
    std::string json = FormJson();
    json.replace(json.find("test_live_hash_0001"), 19, hash);
    return json;
  };
  EXPECT_TRUE(HasProblem(ProblemsOf(with_hash("short_hash_0001")), "$.hash", "16 to 64"));  // 15 chars
  EXPECT_TRUE(ProblemsOf(with_hash("short_hash_00012")).empty());                            // 16 chars
  EXPECT_TRUE(ProblemsOf(with_hash(std::string(64, 'a'))).empty());
  EXPECT_TRUE(HasProblem(ProblemsOf(with_hash(std::string(65, 'a'))), "$.hash", "16 to 64"));
  EXPECT_TRUE(HasProblem(ProblemsOf(with_hash("demo.live.hash.0001")), "$.hash", "16 to 64"));
  EXPECT_TRUE(HasProblem(ProblemsOf(with_hash("demo live hash 0001")), "$.hash", "16 to 64"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("sandbox_hash": "tiny",)")), "$.sandbox_hash", "16 to 64"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("sandbox_hash": "test_live_hash_0001",)")), "$.sandbox_hash",
                         "must differ from the live hash"));
}

TEST(FormLoaderTest, LanguageAndCurrency) {
  EXPECT_EQ(ParseOk(FormJson(R"("language": "de-DE",)")).language(), "de-DE");
  EXPECT_EQ(ParseOk(FormJson(R"("language": "de",)")).language(), "de");
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("language": "en_GB",)")), "$.language", "not a language tag"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("language": "EN",)")), "$.language", "not a language tag"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("currency": "XYZ",)")), "$.currency", "unknown ISO 4217"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("currency": "eur",)")), "$.currency", "three upper-case"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("currency": "EURO",)")), "$.currency", "three upper-case"));
  EXPECT_EQ(ParseOk(FormJson(R"("currency": "GBP",)")).currency(), "GBP");
  FormLoadOptions nowhere;
  nowhere.iso_codes_dir = "/nonexistent/iso-codes";
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("currency": "EUR",)"), nowhere), "$.currency",
                         "cannot read ISO 4217 data"));
}

TEST(FormLoaderTest, TtlRange) {
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("session_ttl_minutes": 14,)")), "$.session_ttl_minutes", "got 14"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("session_ttl_minutes": 1441,)")), "$.session_ttl_minutes",
                         "got 1441"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("session_ttl_minutes": 30.5,)")), "$.session_ttl_minutes",
                         "must be an integer"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("session_ttl_minutes": -20,)")), "$.session_ttl_minutes",
                         "from 15 to 1440"));
}

// The bounds the loader enforces are the ones of forms/form.h, which the REST
// API's expiresIn shares.
TEST(FormLoaderTest, TtlRangeIsTheSessionTtlBounds) {
  for (int ttl : {kMinSessionTtlMinutes, kMaxSessionTtlMinutes}) {
    const std::string key = R"("session_ttl_minutes": )" + std::to_string(ttl) + ",";
    EXPECT_EQ(ParseOk(FormJson(key)).session_ttl_minutes, ttl);
  }
  for (int ttl : {kMinSessionTtlMinutes - 1, kMaxSessionTtlMinutes + 1}) {
    const std::string key = R"("session_ttl_minutes": )" + std::to_string(ttl) + ",";
    EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(key)), "$.session_ttl_minutes", "got " + std::to_string(ttl)));
  }
  EXPECT_EQ(Form().session_ttl_minutes, kMaxSessionTtlMinutes);
}

TEST(FormLoaderTest, AmountsAreExactDotDecimalStrings) {
  Form form = ParseOk(FormJson(R"("amount": {"min": "0.29", "max": "1234.5", "free_amount": false,
      "suggestions": ["0.29", "12", "1234.50"]},)"));
  EXPECT_EQ(form.rules.amount.min, 29);
  EXPECT_EQ(*form.rules.amount.max, 123450);
  EXPECT_FALSE(form.rules.amount.free_amount);
  EXPECT_EQ(form.rules.amount.suggestions, (std::vector<validators::Cents>{29, 1200, 123450}));
  EXPECT_EQ(form.amount_min, "0.29");
  EXPECT_EQ(form.amount_max, "1234.50");
  EXPECT_EQ(form.amount_suggestions, (std::vector<std::string>{"0.29", "12.00", "1234.50"}));

  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("amount": {"min": "12,50"},)")), "$.amount.min",
                         "not a decimal amount: '12,50'"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("amount": {"min": 5},)")), "$.amount.min", "not JSON numbers"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("amount": {"max": "1.234"},)")), "$.amount.max", "not a decimal"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("amount": {"min": "-1.00"},)")), "$.amount.min", "not a decimal"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("amount": {"min": "0.00"},)")), "$.amount.min", "at least 0.01"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("amount": {"min": "10.00", "max": "5.00"},)")), "$.amount.max",
                         "max 5.00 is below min 10.00"));
  EXPECT_TRUE(ProblemsOf(FormJson(R"("amount": {"min": "5.00", "max": "5.00"},)")).empty());
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("amount": {"min": "5.00", "suggestions": ["1.00"]},)")),
                         "$.amount.suggestions[0]", "below min 5.00"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("amount": {"max": "50.00", "suggestions": ["10", "60.00"]},)")),
                         "$.amount.suggestions[1]", "above max 50.00"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("amount": {"suggestions": ["10", "10.00"]},)")),
                         "$.amount.suggestions[1]", "duplicate suggestion 10.00"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("amount": {"free_amount": false},)")), "$.amount.free_amount",
                         "needs at least one suggestion"));
}

TEST(FormLoaderTest, IntervalsAndPaymentMethods) {
  Form form = ParseOk(FormJson(R"("intervals": [12, 0, 6], "payment_methods": ["paypal"],)"));
  EXPECT_EQ(form.rules.intervals, (std::vector<std::string>{"12", "0", "6"}));
  EXPECT_EQ(form.rules.payment_methods, std::vector<std::string>{"paypal"});
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("intervals": [0, 2],)")), "$.intervals[1]", "unknown interval 2"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("intervals": ["1"],)")), "$.intervals[0]", "is an integer"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("intervals": [1, 1],)")), "$.intervals[1]", "duplicate"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("intervals": [],)")), "$.intervals", "at least one"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("payment_methods": ["paypal", "sofort"],)")),
                         "$.payment_methods[1]", "unknown payment method 'sofort'"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("payment_methods": ["paypal", "paypal"],)")),
                         "$.payment_methods[1]", "duplicate"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("payment_methods": [],)")), "$.payment_methods", "at least one"));
}

TEST(FormLoaderTest, PaymentMethodsNeedTheirFields) {
  const std::string fields = R"("amount": {}, "payment_method": {}, "bank_account_owner": {})";
  std::vector<FormProblem> problems = ProblemsOf(FormJson(R"("payment_methods": ["sepa_direct_debit"],)", fields));
  EXPECT_TRUE(HasProblem(problems, "$.payment_methods", "'sepa_direct_debit' needs field 'bank_iban'"))
      << Dump(problems);
  EXPECT_EQ(problems.size(), 1u) << Dump(problems);
  EXPECT_TRUE(ProblemsOf(FormJson(R"("payment_methods": ["paypal", "bank_transfer"],)", fields)).empty());
  // Without a payment_method field the form does not let donors choose; nothing to check.
  EXPECT_TRUE(ProblemsOf(FormJson(R"("payment_methods": ["credit_card"],)")).empty());
}

TEST(FormLoaderTest, Items) {
  Form form = ParseOk(FormJson(R"("items": [{"id": 17, "name": "Seventeen"}, {"id": "tree", "name": "Tree",
      "min_amount": "5", "visible": false}],)", R"("fb_item_id": {})"));
  ASSERT_EQ(form.items.size(), 2u);
  EXPECT_EQ(form.items[0].id, "17");
  EXPECT_EQ(form.items[0].min_amount, "0.00");
  EXPECT_TRUE(form.items[0].visible);
  EXPECT_EQ(form.items[1].min_amount, "5.00");
  EXPECT_EQ(form.rules.items[1].min_amount, 500);
  EXPECT_FALSE(form.items[1].visible);

  std::vector<FormProblem> problems = ProblemsOf(FormJson(
      R"("amount": {"max": "100.00"}, "items": [{"name": "No id"}, {"id": "a b", "name": "A"},
         {"id": "x", "name": ""}, {"id": "y", "name": "Y", "min_amount": "5,00"},
         {"id": "z", "name": "Z"}, {"id": "z", "name": "Z again"}, {"id": "big", "name": "Big", "min_amount": "200"},
         "tree"],)",
      R"("fb_item_id": {})"));
  EXPECT_TRUE(HasProblem(problems, "$.items[0].id", "missing required key")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.items[1].id", "an item id is")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.items[2].name", "must not be empty")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.items[3].min_amount", "not a decimal")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.items[5].id", "duplicate item id 'z'")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.items[6].min_amount", "above the amount max 100.00")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.items[7]", "an item must be an object")) << Dump(problems);

  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson("", R"("fb_item_id": {})")), "$.fields.fb_item_id", "needs 'items'"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(R"("items": [{"id": "a", "name": "A"}],)")), "$.items",
                         "'fb_item_id'"));
}

TEST(FormLoaderTest, EmbedOrigins) {
  Form form = ParseOk(FormJson(R"("allowed_embed_origins": ["https://shop.example.org", "http://localhost:8080"],)"));
  EXPECT_EQ(form.allowed_embed_origins,
            (std::vector<std::string>{"https://shop.example.org", "http://localhost:8080"}));
  for (const char* bad : {"https://shop.example.org/", "shop.example.org", "ftp://x.org", "https://", "*",
                          "https://x.org/path", "https://x.org:", "https://x.org:123456"}) {
    EXPECT_TRUE(HasProblem(ProblemsOf(FormJson(std::string(R"("allowed_embed_origins": [")") + bad + "\"],")),
                           "$.allowed_embed_origins[0]", "not an origin"))
        << bad;
  }
}

TEST(FormLoaderTest, FieldNames) {
  std::vector<FormProblem> problems = ProblemsOf(FormJson("", R"("Bad Name": {"validator": {"type": "text"}},
      "amount_fix": {"validator": {"type": "text"}}, "9lives": {"validator": {"type": "text"}})"));
  EXPECT_TRUE(HasProblem(problems, "$.fields[\"Bad Name\"]", "a field name is")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.fields.amount_fix", "does not end in _fix")) << Dump(problems);
  EXPECT_TRUE(HasProblem(problems, "$.fields[\"9lives\"]", "a field name is")) << Dump(problems);
}

TEST(FormLoaderTest, ValidatorRefusals) {
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson("", R"("basket": {"validator": {"type": "json"}})")),
                         "$.fields.basket.validator.type", "unknown validator type 'json'"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson("", R"("basket": {"validator": {}})")),
                         "$.fields.basket.validator.type", "missing required key"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson("", R"("basket": {"validator": "text"})")),
                         "$.fields.basket.validator", "must be an object"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson("", R"("email": {"validator": {"type": "email"}})")),
                         "$.fields.email.validator", "standard field 'email' has a built-in validator"));
  std::vector<FormProblem> regex = ProblemsOf(FormJson("", R"("code": {"validator": {"type": "text",
      "pattern": "([A-Z"}})"));
  EXPECT_TRUE(HasProblem(regex, "$.fields.code.validator.pattern", "invalid regular expression")) << Dump(regex);
  // Patterns are checked by the engine that runs them (ICU): lookbehind is fine there.
  EXPECT_TRUE(ProblemsOf(FormJson("", R"("code": {"validator": {"type": "text", "pattern": "(?<=A)B\\d+"}})"))
                  .empty());
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson("", R"("code": {"validator": {"type": "text", "pattern": "a{2,1}"}})")),
                         "$.fields.code.validator.pattern", "invalid regular expression"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson("", R"("code": {"validator": {"type": "text", "pattern": ""}})")),
                         "$.fields.code.validator.pattern", "must not be empty"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson("", R"("code": {"validator": {"type": "text", "min_length": 5,
      "max_length": 4}})")), "$.fields.code.validator.max_length", "below min_length 5"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson("", R"("code": {"validator": {"type": "text", "min_length": 1001}})")),
                         "$.fields.code.validator.min_length", "above the default max_length 1000"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson("", R"("code": {"validator": {"type": "text", "max_length": 65537}})")),
                         "$.fields.code.validator.max_length", "0 to 65536"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson("", R"("code": {"validator": {"type": "text", "max_length": -1}})")),
                         "$.fields.code.validator.max_length", "0 to 65536"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson("", R"("code": {"validator": {"type": "text", "min": 1}})")),
                         "$.fields.code.validator.min", "only to integer and number"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson("", R"("n": {"validator": {"type": "integer", "min": 1.5}})")),
                         "$.fields.n.validator.min", "must be an integer"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson("", R"("n": {"validator": {"type": "number", "max": "9"}})")),
                         "$.fields.n.validator.max", "must be a number"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson("", R"("n": {"validator": {"type": "number", "min": 2, "max": 1}})")),
                         "$.fields.n.validator.max", "below min"));
  Form number = ParseOk(FormJson("", R"("n": {"validator": {"type": "number", "min": -1.5, "max": 2.25}})"));
  EXPECT_EQ(number.rules.fields.at("n").validator->type, validators::CustomValidator::Type::kNumber);
  EXPECT_EQ(*number.rules.fields.at("n").validator->min, -1.5);
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson("", R"("pick": {"validator": {"type": "select"}})")),
                         "$.fields.pick.options", "select field needs at least one option"));
}

TEST(FormLoaderTest, FieldTypesLabelsAndOptions) {
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson("", R"("email": {"type": "e-mail"})")), "$.fields.email.type",
                         "unknown input type 'e-mail'"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson("", R"("cart": {"hidden": true, "type": "text",
      "validator": {"type": "text"}})")), "$.fields.cart.type", "a hidden field has type 'hidden'"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson("", R"("email": {"label": {"en_GB": "Mail"}})")),
                         "$.fields.email.label.en_GB", "not a language tag"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson("", R"("email": {"label": {"en": ""}})")), "$.fields.email.label.en",
                         "non-empty string"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson("", R"("amount": {"options": [{"key": "5", "value": "5"}]})")),
                         "$.fields.amount.options", "come from the form's 'amount'"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson("", R"("interval": {"options": []})")), "$.fields.interval.options",
                         "'intervals'"));
  EXPECT_TRUE(HasProblem(ProblemsOf(FormJson("", R"("wants_receipt": {"options": [{"key": "x", "value": "X"}]})")),
                         "$.fields.wants_receipt.options", "'salutation' and custom fields only"));
  std::vector<FormProblem> options = ProblemsOf(FormJson("", R"("salutation": {"options": [{"key": "Mr.",
      "value": "Herr"}, {"key": "Mr.", "value": "Herr again"}, {"key": "", "value": "x"}, {"value": "no key"}, 5]})"));
  EXPECT_TRUE(HasProblem(options, "$.fields.salutation.options[1].key", "duplicate option key 'Mr.'"))
      << Dump(options);
  EXPECT_TRUE(HasProblem(options, "$.fields.salutation.options[2].key", "must not be empty")) << Dump(options);
  EXPECT_TRUE(HasProblem(options, "$.fields.salutation.options[3].key", "missing required key")) << Dump(options);
  EXPECT_TRUE(HasProblem(options, "$.fields.salutation.options[4]", "an option must be an object"))
      << Dump(options);

  Form form = ParseOk(FormJson("", R"("message": {"label": {"en": "Your words"}, "type": "text"}, "email": {})"));
  EXPECT_EQ(form.FindField("message")->type, "text");
  EXPECT_EQ(form.FindField("message")->label.size(), 1u);  // the file's labels replace the defaults
  EXPECT_EQ(form.FindField("message")->LabelFor("de-DE"), "Your words");
  EXPECT_EQ(form.FindField("email")->LabelFor("de-AT"), "E-Mail-Adresse");
  EXPECT_EQ(form.FindField("nothing"), nullptr);
}

TEST(FormLoaderTest, UnreadableFile) {
  std::vector<FormProblem> problems;
  Result<Form> form = LoadFormFile("/nonexistent/forms/x.json", &problems);
  EXPECT_FALSE(form.ok());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].file, "/nonexistent/forms/x.json");
  EXPECT_EQ(problems[0].path, "$");
  EXPECT_NE(problems[0].reason.find("cannot read"), std::string::npos);
}

}  // namespace
}  // namespace prefill
