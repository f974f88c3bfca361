#include "hosted/thank_you.h"

#include "forms/standard_fields.h"
#include "hosted/locale_format.h"
#include "hosted/page_texts.h"

namespace prefill {
namespace {

std::string ValueOf(const SessionRecord& session, const std::string& field) {
  auto it = session.values.find(field);
  return it == session.values.end() ? std::string() : it->second;
}


}  // namespace

std::string GroupIban(const std::string& iban) {
  std::string compact;
  for (char c : iban) {
    if (c != ' ') compact += c;
  }
  std::string out;
  for (size_t i = 0; i < compact.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += ' ';
    out += compact[i];
  }
  return out;
}

ThankYouView BuildThankYou(const Form& form, const SessionRecord& session, const std::optional<Transaction>& payment,
                           const std::string& language) {
  ThankYouView view;
  view.sandbox = session.sandbox;
  auto text = [&language](const char* key) { return PageText(language, key); };
  auto row = [&](std::vector<ThankYouRow>& rows, const char* key, const char* label, const std::string& value) {
    if (!value.empty()) rows.push_back({key, text(label), value});
  };

  const std::string currency = payment && !payment->currency.empty() ? payment->currency : form.currency();
  const std::string amount = payment && !payment->amount.empty() ? payment->amount : ValueOf(session, "amount");
  if (!amount.empty()) view.amount = FormatAmountText(amount, currency, language);
  const std::string method = payment ? payment->payment_method : ValueOf(session, "payment_method");
  std::string interval = payment ? std::to_string(payment->interval) : ValueOf(session, "interval");
  if (interval.empty()) interval = "0";

  row(view.rows, "amount", "ty_amount", view.amount);
  row(view.rows, "interval", "ty_interval", IntervalLabel(interval, language));
  row(view.rows, "method", "ty_method", method.empty() ? "" : PaymentMethodLabel(method, language));
  const TimePoint when = payment ? payment->updated_at : session.updated_at;
  if (when != TimePoint{}) row(view.rows, "date", "ty_date", FormatDate(UtcDate(when), language));
  std::string reference;
  if (payment) reference = payment->provider_reference.empty() ? payment->id : payment->provider_reference;
  if (std::string order = ValueOf(session, "order_id"); !order.empty()) row(view.rows, "order_id", "ty_order", order);
  row(view.rows, "reference", "ty_reference", reference);

  if (payment && payment->instructions) {
    const PaymentInstructions& how = *payment->instructions;
    view.method_title = text("transfer_title");
    view.method_note = FillText(FillText(text("transfer_note"), "amount", view.amount), "reference", how.reference);
    row(view.method_rows, "account_holder", "transfer_holder", how.account_holder);
    row(view.method_rows, "iban", "transfer_iban", GroupIban(how.iban));
    row(view.method_rows, "bic", "transfer_bic", how.bic);
    row(view.method_rows, "transfer_amount", "ty_amount", view.amount);
    row(view.method_rows, "transfer_reference", "transfer_reference", how.reference);
  } else if (method == "sepa_direct_debit") {
    view.method_title = text("sepa_title");
    const std::string account = payment && payment->masked_iban ? *payment->masked_iban : "";
    view.method_note = FillText(FillText(text(account.empty() ? "sepa_note_plain" : "sepa_note"), "amount", view.amount),
                            "account", account);
    row(view.method_rows, "sepa_account", "sepa_account", account);
  }
  return view;
}

}  // namespace prefill
