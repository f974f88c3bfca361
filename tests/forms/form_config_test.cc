#include "forms/form_config.h"

#include <string>

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "forms/form_loader.h"
#include "form_test_util.h"

namespace prefill {
namespace {

rapidjson::Document ConfigOf(const std::string& path) {
  std::vector<FormProblem> problems;
  Result<Form> form = LoadFormFile(path, &problems);
  EXPECT_TRUE(form.ok()) << testing_forms::Dump(problems);
  rapidjson::Document doc;
  if (form.ok()) doc.Parse(FormConfigJson(form.value()).c_str());
  EXPECT_FALSE(doc.HasParseError());
  return doc;
}

const rapidjson::Value* FieldNamed(const rapidjson::Document& doc, const std::string& name) {
  for (const auto& f : doc["form_fields"].GetArray()) {
    if (name == f["name"].GetString()) return &f;
  }
  return nullptr;
}

TEST(FormConfigTest, DemoConfigCarriesEverythingToRender) {
  rapidjson::Document doc = ConfigOf(PREFILL_SOURCE_DIR "/forms/demo.json");
  ASSERT_TRUE(doc.IsObject());
  EXPECT_STREQ(doc["currency"].GetString(), "EUR");
  EXPECT_STREQ(doc["language"].GetString(), "en-GB");
  ASSERT_EQ(doc["form_fields"].Size(), 31u);
  EXPECT_STREQ(doc["form_fields"][0]["name"].GetString(), "amount");  // form order

  const rapidjson::Value* email = FieldNamed(doc, "email");
  ASSERT_NE(email, nullptr);
  EXPECT_STREQ((*email)["id"].GetString(), "payment_email");
  EXPECT_STREQ((*email)["error_id"].GetString(), "payment_email_error");
  EXPECT_STREQ((*email)["type"].GetString(), "email");
  EXPECT_STREQ((*email)["label"].GetString(), "E-mail address");
  EXPECT_STREQ((*email)["labels"]["de"].GetString(), "E-Mail-Adresse");
  EXPECT_TRUE((*email)["required"].GetBool());
  EXPECT_STREQ((*email)["validator"]["type"].GetString(), "email");
  EXPECT_TRUE((*email)["validator"]["builtin"].GetBool());

  const rapidjson::Value* order = FieldNamed(doc, "order_id");
  ASSERT_NE(order, nullptr);
  EXPECT_FALSE((*order)["validator"]["builtin"].GetBool());
  EXPECT_EQ((*order)["validator"]["max_length"].GetInt(), 40);
  EXPECT_STREQ((*order)["validator"]["pattern"].GetString(), "^[A-Z0-9][A-Z0-9-]{2,39}$");
  EXPECT_TRUE((*FieldNamed(doc, "basket"))["hidden"].GetBool());
  EXPECT_EQ((*FieldNamed(doc, "salutation"))["options"].Size(), 7u);

  EXPECT_EQ(doc["payment_methods"].Size(), 4u);
  EXPECT_STREQ(doc["payment_methods"][2]["label"].GetString(), "PayPal");
  ASSERT_EQ(doc["intervals"].Size(), 4u);
  EXPECT_STREQ(doc["intervals"][3]["key"].GetString(), "12");
  ASSERT_EQ(doc["items"].Size(), 2u);  // the invisible item is not offered
  EXPECT_STREQ(doc["items"][1]["min_amount"].GetString(), "25.00");
  EXPECT_STREQ(doc["amount"]["min"].GetString(), "1.00");
  EXPECT_STREQ(doc["amount"]["max"].GetString(), "10000.00");
  EXPECT_TRUE(doc["amount"]["free_amount"].GetBool());
  EXPECT_EQ(doc["amount"]["suggestions"].Size(), 4u);
}

TEST(FormConfigTest, GermanFormSpeaksGermanAndHasNoMaxWhenUnset) {
  rapidjson::Document doc = ConfigOf(PREFILL_SOURCE_DIR "/forms/spendenformular.json");
  ASSERT_TRUE(doc.IsObject());
  EXPECT_STREQ((*FieldNamed(doc, "first_name"))["label"].GetString(), "Vorname");
  EXPECT_STREQ(doc["payment_methods"][0]["label"].GetString(), "SEPA-Lastschrift");

  std::vector<FormProblem> problems;
  Result<Form> minimal = ParseForm(testing_forms::FormJson(), "t.json", &problems);
  ASSERT_TRUE(minimal.ok());
  rapidjson::Document min_doc;
  min_doc.Parse(FormConfigJson(minimal.value()).c_str());
  EXPECT_TRUE(min_doc["amount"]["max"].IsNull());
  EXPECT_EQ(min_doc["items"].Size(), 0u);
}

}  // namespace
}  // namespace prefill
