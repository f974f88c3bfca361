#include "hosted/thank_you.h"

#include "forms/standard_fields.h"
#include "hosted/locale_format.h"
#include "hosted/page_texts.h"
#include "validators/amount.h"
#include "validators/dates.h"

namespace prefill {
namespace {

std::string ValueOf(const SessionRecord& session, const std::string& field) {
  auto it = session.values.find(field);
  return it == session.values.end() ? std::string() : it->second;
}


// "2026-12-07" in the page's language ("07.12.2026"); a date that does not parse is shown as stored.
std::string DueDateText(const std::string& iso_date, const std::string& language) {
  std::optional<validators::CivilDate> date = validators::ParseDate(iso_date);
  return date ? FormatDate(*date, language) : iso_date;
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
  if (interval.empty()) interval.assign(1, '0');  // not = "0": GCC 12 warns falsely (-Wrestrict, PR 105651)

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
    if (payment && payment->pre_notification) {
      // The pre-notification (SEPA rulebook 4.5): the donor learns here, before the first
      // collection, who collects what, when and under which mandate.
      const SepaPreNotification& pre = *payment->pre_notification;
      const std::string due = DueDateText(pre.due_date, language);
      const std::string collected = FormatAmountText(validators::FormatCents(pre.amount_cents), currency, language);
      std::string note = text(pre.interval_months > 0 ? "sepa_prenote_recurring" : "sepa_prenote");
      note = FillText(note, "creditor", pre.creditor_name);
      note = FillText(note, "amount", collected);
      note = FillText(note, "account", account);
      note = FillText(note, "due", due);
      note = FillText(note, "repeat", IntervalLabel(std::to_string(pre.interval_months), language));
      note = FillText(note, "mandate", pre.mandate_reference);
      view.method_note = FillText(note, "creditor_id", pre.creditor_id);
      row(view.method_rows, "sepa_creditor_name", "sepa_creditor_name", pre.creditor_name);
      row(view.method_rows, "sepa_creditor", "sepa_creditor", pre.creditor_id);
      row(view.method_rows, "sepa_mandate", "sepa_mandate", pre.mandate_reference);
      row(view.method_rows, "sepa_due", "sepa_due", due);
      row(view.method_rows, "sepa_amount", "ty_amount", collected);
    } else {
      view.method_note = FillText(
          FillText(text(account.empty() ? "sepa_note_plain" : "sepa_note"), "amount", view.amount), "account", account);
    }
    row(view.method_rows, "sepa_account", "sepa_account", account);
  }
  return view;
}

}  // namespace prefill
