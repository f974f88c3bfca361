// The `sepa` and `bank_transfer` blocks of form files (SPEC 1, 5.2, 5.4):
// the creditor is checked when the form loads, with file, path and problem.
#include <gtest/gtest.h>

#include "form_test_util.h"
#include "forms/form_loader.h"

namespace prefill {
namespace {

using testing_forms::Dump;
using testing_forms::FormJson;
using testing_forms::HasProblem;

std::vector<FormProblem> Problems(const std::string& top) {
  std::vector<FormProblem> problems;
  Result<Form> form = ParseForm(FormJson(top), "forms/t.json", &problems);
  EXPECT_EQ(form.ok(), problems.empty());
  for (const FormProblem& p : problems) EXPECT_EQ(p.file, "forms/t.json");
  return problems;
}

const std::string kGood =
    R"("sepa": {"creditor_name": "Grüne Bäume e.V.", "creditor_id": "de98 zzz0 9999 9999 99",
                "iban": "DE02 5001 0517 0137 0750 30", "bic": "ingddeffxxx", "lead_days": 5,
                "remittance_text": "Spende – danke"},
       "bank_transfer": {"account_holder": "Grüne Bäume e.V.", "iban": "DE02500105170137075030"},)";

TEST(FormSepaTest, AValidCreditorIsKeptCanonical) {
  std::vector<FormProblem> problems;
  Result<Form> form = ParseForm(FormJson(kGood), "forms/t.json", &problems);
  ASSERT_TRUE(form.ok()) << Dump(problems);
  ASSERT_TRUE(form->sepa.has_value());
  EXPECT_EQ(form->sepa->creditor_id, "DE98ZZZ09999999999");
  EXPECT_EQ(form->sepa->creditor_name, "Gruene Baeume e.V.");
  EXPECT_EQ(form->sepa->iban, "DE02500105170137075030");
  EXPECT_EQ(form->sepa->bic, "INGDDEFFXXX");
  EXPECT_EQ(form->sepa->lead_days, 5);
  EXPECT_EQ(form->sepa->remittance_text, "Spende - danke");
  ASSERT_TRUE(form->bank_transfer.has_value());
  EXPECT_EQ(form->bank_transfer->iban, "DE02500105170137075030");
  EXPECT_EQ(form->bank_transfer->bic, "");
}

TEST(FormSepaTest, DefaultsAndAbsence) {
  std::vector<FormProblem> problems;
  Result<Form> form = ParseForm(
      FormJson(R"("sepa": {"creditor_name": "X", "creditor_id": "DE98ZZZ09999999999", "iban": "DE02500105170137075030"},)"),
      "forms/t.json", &problems);
  ASSERT_TRUE(form.ok()) << Dump(problems);
  EXPECT_EQ(form->sepa->lead_days, 2);
  EXPECT_FALSE(form->bank_transfer.has_value());
  Result<Form> none = ParseForm(FormJson(), "forms/t.json", &problems);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->sepa.has_value());
}

TEST(FormSepaTest, BadCreditorsAreRefusedWithPathAndReason) {
  auto p = Problems(
      R"("sepa": {"creditor_name": "Иван", "creditor_id": "DE97ZZZ09999999999", "iban": "DE02500105170137075031",
                  "bic": "XX", "lead_days": 0, "remittance_text": "€€€", "extra": 1},)");
  EXPECT_TRUE(HasProblem(p, "$.sepa.creditor_id", "check digits")) << Dump(p);
  EXPECT_TRUE(HasProblem(p, "$.sepa.iban", "not a valid IBAN")) << Dump(p);
  EXPECT_TRUE(HasProblem(p, "$.sepa.creditor_name", "SEPA character set")) << Dump(p);
  EXPECT_TRUE(HasProblem(p, "$.sepa.bic", "not a valid BIC")) << Dump(p);
  EXPECT_TRUE(HasProblem(p, "$.sepa.lead_days", "1 to 30")) << Dump(p);
  EXPECT_TRUE(HasProblem(p, "$.sepa.remittance_text", "SEPA character set")) << Dump(p);
  EXPECT_TRUE(HasProblem(p, "$.sepa.extra", "unknown key")) << Dump(p);
  EXPECT_TRUE(HasProblem(Problems(R"("sepa": {"creditor_name": "X", "iban": "DE02500105170137075030"},)"),
                         "$.sepa.creditor_id", "missing required key"));
}

TEST(FormSepaTest, SepaIsEuroOnlyAndSepaCountriesOnly) {
  auto chf = Problems(
      R"("currency": "CHF", "sepa": {"creditor_name": "X", "creditor_id": "DE98ZZZ09999999999", "iban": "DE02500105170137075030"},)");
  EXPECT_TRUE(HasProblem(chf, "$.sepa", "EUR only")) << Dump(chf);
  auto turkey = Problems(R"("bank_transfer": {"account_holder": "X", "iban": "TR330006100519786457841326"},)");
  EXPECT_TRUE(HasProblem(turkey, "$.bank_transfer.iban", "not in the SEPA area")) << Dump(turkey);
  auto empty = Problems(R"("bank_transfer": {"account_holder": " ", "iban": "DE02500105170137075030"},)");
  EXPECT_TRUE(HasProblem(empty, "$.bank_transfer.account_holder", "must not be empty")) << Dump(empty);
}

}  // namespace
}  // namespace prefill
