// LiveProcessors: the live PaymentProcessor the payment service and the
// reconciler are given. It routes each live payment to the processor of the
// account its form names for its method (Form::live_processors, SPEC 5.3):
// one StripeProcessor per stripe account, one PaypalProcessor per paypal
// account, made once at start from the processors file; the built-in
// methods (SEPA, bank transfer) to the processors given for them, for the
// forms those take (sepa/sepa_processor.h, bank_transfer.h). A method
// neither routes is not taken (Takes false): the payment service refuses it
// before recording anything.
//
// Also gives the webhook and return routes the processor of an account.
// The forms and accounts must outlive it. Thread-safe (the processors are).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "forms/form_registry.h"
#include "payments/payment_processor.h"
#include "providers/paypal_processor.h"
#include "providers/processor_accounts.h"
#include "providers/provider_http.h"
#include "providers/stripe_processor.h"

namespace prefill {

struct LiveProcessorOptions {
  // Live processors of the built-in methods (sepa_direct_debit,
  // bank_transfer), by method: no account, every form. Not owned.
  std::map<std::string, PaymentProcessor*> built_in;
  ProviderHttpOptions http;
  StripeOptions stripe;
  PaypalOptions paypal;
};

class LiveProcessors : public PaymentProcessor {
 public:
  LiveProcessors(const FormRegistry& forms, const ProcessorAccounts& accounts,
                 std::function<std::string()> public_base_url, LiveProcessorOptions options = LiveProcessorOptions());

  PaymentOutcome Charge(const PaymentRequest& request) override;
  PaymentOutcome Resolve(const Transaction& awaiting, bool approved) override;
  Result<PaymentOutcome> Lookup(const PaymentRequest& attempt) override;
  bool Takes(const std::string& form_id, const std::string& method) const override;

  // The account (and its processor) a form routes `method` to; nullptr if none.
  const ProcessorAccount* AccountFor(const std::string& form_id, const std::string& method) const;
  StripeProcessor* stripe(const std::string& account) const;  // nullptr unless a stripe account
  PaypalProcessor* paypal(const std::string& account) const;  // nullptr unless a paypal account
  const ProcessorAccounts& accounts() const { return accounts_; }

 private:
  PaymentProcessor* ProcessorFor(const std::string& form_id, const std::string& method) const;

  const FormRegistry& forms_;
  const ProcessorAccounts& accounts_;
  ProviderHttp http_;
  std::map<std::string, std::unique_ptr<StripeProcessor>> stripe_;
  std::map<std::string, std::unique_ptr<PaypalProcessor>> paypal_;
  std::map<std::string, PaymentProcessor*> built_in_;
};

// The error of a live payment whose method no account takes.
std::string NoLiveProcessorFor(const std::string& method);

}  // namespace prefill
