#include "providers/live_processors.h"

namespace prefill {

std::string NoLiveProcessorFor(const std::string& method) {
  return "no live payment processor configured for " + method;
}

LiveProcessors::LiveProcessors(const FormRegistry& forms, const ProcessorAccounts& accounts,
                               std::function<std::string()> public_base_url, LiveProcessorOptions options)
    : forms_(forms), accounts_(accounts), http_(options.http), built_in_(options.built_in) {
  for (const auto& [name, account] : accounts.all()) {
    if (account.provider == Provider::kStripe) {
      stripe_[name] = std::make_unique<StripeProcessor>(account, http_, public_base_url, options.stripe);
    } else {
      paypal_[name] = std::make_unique<PaypalProcessor>(account, http_, public_base_url, options.paypal);
    }
  }
}

const ProcessorAccount* LiveProcessors::AccountFor(const std::string& form_id, const std::string& method) const {
  const Form* form = forms_.FindById(form_id);
  if (form == nullptr) return nullptr;
  auto route = form->live_processors.find(method);
  return route == form->live_processors.end() ? nullptr : accounts_.Find(route->second);
}

StripeProcessor* LiveProcessors::stripe(const std::string& account) const {
  auto it = stripe_.find(account);
  return it == stripe_.end() ? nullptr : it->second.get();
}

PaypalProcessor* LiveProcessors::paypal(const std::string& account) const {
  auto it = paypal_.find(account);
  return it == paypal_.end() ? nullptr : it->second.get();
}

bool LiveProcessors::Takes(const std::string& form_id, const std::string& method) const {
  return ProcessorFor(form_id, method) != nullptr;
}

PaymentProcessor* LiveProcessors::ProcessorFor(const std::string& form_id, const std::string& method) const {
  // A built-in processor serves the forms it takes (SEPA: those with a `sepa` creditor).
  if (auto it = built_in_.find(method); it != built_in_.end() && it->second != nullptr) {
    return it->second->Takes(form_id, method) ? it->second : nullptr;
  }
  const ProcessorAccount* account = AccountFor(form_id, method);
  if (account == nullptr) return nullptr;
  if (account->provider == Provider::kStripe) return stripe(account->name);
  return paypal(account->name);
}

PaymentOutcome LiveProcessors::Charge(const PaymentRequest& request) {
  PaymentProcessor* processor = ProcessorFor(request.form_id, request.payment_method);
  if (processor == nullptr) return PaymentOutcome::Error(NoLiveProcessorFor(request.payment_method));
  return processor->Charge(request);
}

PaymentOutcome LiveProcessors::Resolve(const Transaction& awaiting, bool approved) {
  PaymentProcessor* processor = ProcessorFor(awaiting.form_id, awaiting.payment_method);
  if (processor == nullptr) return PaymentOutcome::Unknown("no processor for this transaction");
  return processor->Resolve(awaiting, approved);
}

Result<PaymentOutcome> LiveProcessors::Lookup(const PaymentRequest& attempt) {
  PaymentProcessor* processor = ProcessorFor(attempt.form_id, attempt.payment_method);
  if (processor == nullptr) {
    // A method no account takes was never sent anywhere (Charge refused it);
    // a route removed since is not known to have: left for an operator.
    return Status::Unavailable("no processor for this transaction's form and method");
  }
  return processor->Lookup(attempt);
}

}  // namespace prefill
