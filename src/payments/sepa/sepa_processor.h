// SepaProcessor: the live processor of `sepa_direct_debit` (SPEC 5.2). No
// third party: a payment creates a mandate and its first collection in the
// SepaStore and is confirmed at once; the money is collected later from the
// creditor's bank with an exported pain.008 file (sepa_export.h).
//
// Charge, for a form with a `sepa` creditor:
//   - refuses with a donor-readable reason, recording nothing: a currency
//     other than EUR, an account holder name outside the SEPA character set
//     or longer than 70 characters (after transliteration: sepa_text.h), an
//     IBAN of a country outside the SEPA area, an interval other than
//     0, 1, 3, 6, 12;
//   - else writes mandate + collection atomically, keyed by the transaction
//     id (at most one per attempt, sql/008_sepa.sql), and answers confirmed
//     with the pre-notification (mandate reference, creditor id, amount, due
//     date) and the mandate reference as provider reference.
//   Due date: today (UTC) + lead_days, moved to the next TARGET2 business day.
//   One-off (interval 0): sequence OOFF; recurrent: RCUR, and the scheduler
//   (sepa_scheduler.h) adds one collection per interval.
// Lookup finds what Charge wrote by transaction id: confirmed with the same
// pre-notification; "payment interrupted, please pay again" when nothing was
// written (Charge never got that far); Unavailable when the store cannot tell.
// A storage failure in Charge answers an error: should the write have landed
// after all, the first collection is still never exported, because export
// takes only collections whose transaction is confirmed (docs/sepa.md).
//
// Fault point "sepa_collection_created": after the write, before answering.
// Thread-safe.
#pragma once

#include <functional>
#include <string>

#include "forms/form.h"
#include "payments/payment_processor.h"
#include "payments/sepa/sepa_store.h"
#include "session/session.h"

namespace prefill::sepa {

using FormById = std::function<const Form*(const std::string& form_id)>;

class SepaProcessor : public PaymentProcessor {
 public:
  SepaProcessor(SepaStore* store, FormById forms, std::function<TimePoint()> now);

  bool Takes(const std::string& form_id, const std::string& payment_method) const override;
  PaymentOutcome Charge(const PaymentRequest& request) override;
  PaymentOutcome Resolve(const Transaction& awaiting, bool approved) override;
  Result<PaymentOutcome> Lookup(const PaymentRequest& attempt) override;

 private:
  static PaymentOutcome ConfirmedOutcome(const Form& form, const DueCollection& written);

  SepaStore* const store_;
  const FormById forms_;
  const std::function<TimePoint()> now_;
};

}  // namespace prefill::sepa
