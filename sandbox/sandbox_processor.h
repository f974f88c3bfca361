// SandboxProcessor: the payment processor of sandbox sessions (SPEC section 5).
//
// Never moves money and never calls out: every outcome is a pure function of
// the request, on the test values documented in sandbox/README.md:
//   sepa_direct_debit  bank_iban DE02120300000000202051    -> error "mandate refused"
//                      any other (valid) IBAN              -> confirmed
//   credit_card        credit_card_token tok_sandbox_declined    -> error "card declined"
//                      credit_card_token tok_sandbox_unavailable -> error
//                                            "provider unavailable, try again"
//                      tok_sandbox_ok, any other token     -> confirmed
//   paypal                                                 -> awaiting, redirect to
//                      kApprovalPathPrefix + transaction id (this server's approval page);
//                      Resolve: approved -> confirmed, cancelled -> error "cancelled by donor"
//   bank_transfer                                          -> confirmed, with the
//                      instructions of the sandbox charity account (kCharity*)
//   any other method                                       -> error "payment method not supported"
// Provider references are "sbx_<method>_" + the transaction id's first 12
// hex digits, so a test can tie them to the transaction.
//
// Lookup answers exactly what Charge answered (or would have answered) for the
// same request, by the same function: there is no money and no record in the
// sandbox, so looking up can never charge. Without the session's values (the
// session is gone) it cannot know the card token or IBAN the outcome depended
// on and answers error kAttemptUnknown: nothing moved, the donor pays again.
//
// Stateless and thread-safe.
#pragma once

#include <string>

#include "payments/payment_processor.h"

namespace prefill {

class SandboxProcessor : public PaymentProcessor {
 public:
  static constexpr char kMandateRefusedIban[] = "DE02120300000000202051";
  static constexpr char kTokenOk[] = "tok_sandbox_ok";
  static constexpr char kTokenDeclined[] = "tok_sandbox_declined";
  static constexpr char kTokenUnavailable[] = "tok_sandbox_unavailable";

  static constexpr char kMandateRefused[] = "mandate refused";
  static constexpr char kCardDeclined[] = "card declined";
  static constexpr char kProviderUnavailable[] = "provider unavailable, try again";
  static constexpr char kCancelledByDonor[] = "cancelled by donor";
  static constexpr char kMethodNotSupported[] = "payment method not supported";
  static constexpr char kAttemptUnknown[] = "payment interrupted, please pay again";

  // The approval page of an awaiting PayPal payment: this prefix + transaction id.
  static constexpr char kApprovalPathPrefix[] = "/sandbox/paypal/";

  // The account bank transfers are sent to.
  static constexpr char kCharityAccountHolder[] = "Prefill Sandbox Charity e.V.";
  static constexpr char kCharityIban[] = "DE44500105175407324931";
  static constexpr char kCharityBic[] = "INGDDEFFXXX";

  PaymentOutcome Charge(const PaymentRequest& request) override;
  PaymentOutcome Resolve(const Transaction& awaiting, bool approved) override;
  Result<PaymentOutcome> Lookup(const PaymentRequest& attempt) override;

 private:
  // The outcome of a request, a pure function of it (see above).
  static PaymentOutcome Decide(const PaymentRequest& request);
};

}  // namespace prefill
