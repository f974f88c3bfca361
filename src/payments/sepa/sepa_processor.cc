#include "payments/sepa/sepa_processor.h"

#include "common/fault_point.h"
#include "payments/payment_service.h"
#include "payments/sepa/references.h"
#include "payments/sepa/sepa_countries.h"
#include "payments/sepa/sepa_text.h"
#include "validators/amount.h"

namespace prefill::sepa {
namespace {

constexpr char kMethod[] = "sepa_direct_debit";
constexpr int kMaxReferenceAttempts = 5;

std::string ValueOf(const PaymentRequest& r, const std::string& field) {
  auto it = r.values.find(field);
  return it == r.values.end() ? std::string() : it->second;
}

bool IsInterval(int months) { return months == 0 || months == 1 || months == 3 || months == 6 || months == 12; }

}  // namespace

SepaProcessor::SepaProcessor(SepaStore* store, FormById forms, std::function<TimePoint()> now)
    : store_(store), forms_(std::move(forms)), now_(std::move(now)) {}

bool SepaProcessor::Takes(const std::string& form_id, const std::string& payment_method) const {
  if (payment_method != kMethod) return false;
  const Form* form = forms_(form_id);
  return form != nullptr && form->sepa.has_value();
}

PaymentOutcome SepaProcessor::ConfirmedOutcome(const Form& form, const DueCollection& written) {
  PaymentOutcome outcome = PaymentOutcome::Confirmed(written.mandate.reference);
  SepaPreNotification pre;
  pre.mandate_reference = written.mandate.reference;
  pre.creditor_id = written.mandate.creditor_id;
  pre.creditor_name = form.sepa ? form.sepa->creditor_name : std::string();
  pre.amount_cents = written.collection.amount_cents;
  pre.due_date = FormatIsoDate(written.collection.due_date);
  pre.interval_months = written.mandate.interval_months;
  outcome.pre_notification = std::move(pre);
  return outcome;
}

PaymentOutcome SepaProcessor::Charge(const PaymentRequest& request) {
  const Form* form = forms_(request.form_id);
  if (form == nullptr || !form->sepa || request.payment_method != kMethod) {
    return PaymentOutcome::Error(kNoLiveProcessorError);
  }
  const SepaCreditorConfig& creditor = *form->sepa;
  if (request.currency != "EUR") return PaymentOutcome::Error("SEPA direct debits are in EUR only");
  const std::optional<int64_t> cents = validators::ParseAmount(request.amount);
  if (!cents || *cents < 1) return PaymentOutcome::Error("the amount cannot be collected by direct debit");
  if (!IsInterval(request.interval)) return PaymentOutcome::Error("unsupported interval for a direct debit");

  Result<std::string> name = ToSepaName(ValueOf(request, "bank_account_owner"));
  if (!name.ok()) return PaymentOutcome::Error("account holder: " + name.status().message());
  const std::string iban = ValueOf(request, "bank_iban");  // canonical: validated by the session
  if (iban.size() < 2 || !IsSepaCountry(iban.substr(0, 2))) {
    return PaymentOutcome::Error("IBANs of " + iban.substr(0, 2) +
                                 " cannot be debited by SEPA direct debit; please choose another payment method");
  }

  const TimePoint now = now_();
  const Date today = UtcDay(now);
  Mandate mandate;
  mandate.creditor_id = creditor.creditor_id;
  mandate.transaction_id = request.transaction_id;
  mandate.form_id = form->id;
  mandate.debtor_name = *name;
  mandate.debtor_iban = iban;
  mandate.debtor_bic = ValueOf(request, "bank_bic");
  mandate.signature_date = today;
  mandate.interval_months = request.interval;
  mandate.amount_cents = *cents;
  mandate.anchor_date = Date{std::chrono::sys_days{today} + std::chrono::days{creditor.lead_days}};
  mandate.last_period = 0;
  mandate.last_due_date = DueDate(today, creditor.lead_days);
  if (mandate.interval_months > 0) {
    mandate.next_due_date = CollectionDate(mandate.anchor_date, mandate.interval_months, 1);
  }
  mandate.status = MandateStatus::kActive;
  mandate.created_at = now;
  mandate.updated_at = now;

  Collection first;
  first.id = NewSepaId();
  first.creditor_id = creditor.creditor_id;
  first.period = 0;
  first.transaction_id = request.transaction_id;
  first.sequence = mandate.interval_months > 0 ? SequenceType::kRecurrent : SequenceType::kOneOff;
  first.amount_cents = *cents;
  first.due_date = mandate.last_due_date;
  first.status = CollectionStatus::kScheduled;
  first.created_at = now;
  first.updated_at = now;

  for (int attempt = 0; attempt < kMaxReferenceAttempts; ++attempt) {
    mandate.reference = NewMandateReference();
    first.mandate_reference = mandate.reference;
    Status written = store_->CreateMandate(mandate, first);
    if (written.ok()) {
      FaultPoint("sepa_collection_created");
      return ConfirmedOutcome(*form, DueCollection{first, mandate});
    }
    if (!written.Is(Status::Code::kAlreadyExists)) {
      return PaymentOutcome::Error("the direct debit could not be recorded, please try again");
    }
    // This attempt has its mandate already (written before an answer was
    // lost), or the reference was taken: tell them apart.
    Result<DueCollection> existing = store_->FindByTransaction(request.transaction_id);
    if (existing.ok()) return ConfirmedOutcome(*form, *existing);
  }
  return PaymentOutcome::Error("the direct debit could not be recorded, please try again");
}

PaymentOutcome SepaProcessor::Resolve(const Transaction& awaiting, bool approved) {
  return PaymentOutcome::Error("a direct debit is never awaiting approval");
}

Result<PaymentOutcome> SepaProcessor::Lookup(const PaymentRequest& attempt) {
  Result<DueCollection> written = store_->FindByTransaction(attempt.transaction_id);
  if (written.status().Is(Status::Code::kNotFound)) {
    return PaymentOutcome::Error("payment interrupted, please pay again");
  }
  if (!written.ok()) return Status::Unavailable("SEPA store: " + written.status().message());
  const Form* form = forms_(attempt.form_id);
  if (form == nullptr) form = forms_(written->mandate.form_id);
  static const Form kNoForm;
  return ConfirmedOutcome(form ? *form : kNoForm, *written);
}

}  // namespace prefill::sepa
