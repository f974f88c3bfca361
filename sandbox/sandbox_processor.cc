#include "sandbox/sandbox_processor.h"

#include <algorithm>
#include <cctype>

namespace prefill {
namespace {

std::string ValueOf(const PaymentRequest& request, const std::string& field) {
  auto it = request.values.find(field);
  return it == request.values.end() ? std::string() : it->second;
}

// The first 12 hex digits of a transaction id: short, but unique enough to find it.
std::string ShortId(const std::string& transaction_id) {
  std::string hex;
  for (char c : transaction_id) {
    if (std::isxdigit(static_cast<unsigned char>(c))) hex.push_back(c);
    if (hex.size() == 12) break;
  }
  return hex;
}

std::string Reference(const std::string& method, const std::string& transaction_id) {
  return "sbx_" + method + "_" + ShortId(transaction_id);
}

// What a donor writes on the transfer: upper-case, no dashes, easy to type.
std::string TransferReference(const std::string& transaction_id) {
  std::string code = ShortId(transaction_id);
  std::transform(code.begin(), code.end(), code.begin(), [](unsigned char c) { return std::toupper(c); });
  return "PREFILL " + code;
}

}  // namespace

PaymentOutcome SandboxProcessor::Charge(const PaymentRequest& request) { return Decide(request); }

Result<PaymentOutcome> SandboxProcessor::Lookup(const PaymentRequest& attempt) {
  if (attempt.values.empty()) return PaymentOutcome::Error(kAttemptUnknown);
  return Decide(attempt);
}

PaymentOutcome SandboxProcessor::Decide(const PaymentRequest& request) {
  const std::string& method = request.payment_method;
  if (method == "sepa_direct_debit") {
    if (ValueOf(request, "bank_iban") == kMandateRefusedIban) return PaymentOutcome::Error(kMandateRefused);
    return PaymentOutcome::Confirmed(Reference("sepa", request.transaction_id));
  }
  if (method == "credit_card") {
    const std::string token = ValueOf(request, "credit_card_token");
    if (token == kTokenDeclined) return PaymentOutcome::Error(kCardDeclined);
    if (token == kTokenUnavailable) return PaymentOutcome::Error(kProviderUnavailable);
    return PaymentOutcome::Confirmed(Reference("card", request.transaction_id));
  }
  if (method == "paypal") {
    return PaymentOutcome::Awaiting(Reference("paypal", request.transaction_id),
                                    kApprovalPathPrefix + request.transaction_id);
  }
  if (method == "bank_transfer") {
    PaymentOutcome outcome = PaymentOutcome::Confirmed(Reference("transfer", request.transaction_id));
    outcome.instructions =
        PaymentInstructions{kCharityAccountHolder, kCharityIban, kCharityBic, TransferReference(request.transaction_id)};
    return outcome;
  }
  return PaymentOutcome::Error(kMethodNotSupported);
}

PaymentOutcome SandboxProcessor::Resolve(const Transaction& awaiting, bool approved) {
  if (!approved) return PaymentOutcome::Error(kCancelledByDonor, awaiting.provider_reference);
  return PaymentOutcome::Confirmed(awaiting.provider_reference);
}

}  // namespace prefill
