#include "payments/transaction.h"

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid.hpp>
#include <boost/uuid/uuid_io.hpp>

namespace prefill {

const char* TransactionStatusName(TransactionStatus s) {
  switch (s) {
    case TransactionStatus::kPending: return "pending";
    case TransactionStatus::kConfirmed: return "confirmed";
    case TransactionStatus::kAwaiting: return "awaiting";
    case TransactionStatus::kFailed: return "failed";
    case TransactionStatus::kCancelled: return "cancelled";
    case TransactionStatus::kPendingTransfer: return "pending_transfer";
    case TransactionStatus::kReturned: return "returned";
  }
  return "pending";  // unreachable: every enumerator is handled above
}

bool ParseTransactionStatus(const std::string& name, TransactionStatus* out) {
  static constexpr TransactionStatus kAll[] = {TransactionStatus::kPending, TransactionStatus::kConfirmed,
                                               TransactionStatus::kAwaiting, TransactionStatus::kFailed,
                                               TransactionStatus::kCancelled, TransactionStatus::kPendingTransfer,
                                               TransactionStatus::kReturned};
  for (TransactionStatus s : kAll) {
    if (name == TransactionStatusName(s)) {
      *out = s;
      return true;
    }
  }
  return false;
}

bool IsFinal(TransactionStatus s) {
  return s == TransactionStatus::kConfirmed || s == TransactionStatus::kFailed ||
         s == TransactionStatus::kCancelled || s == TransactionStatus::kReturned;
}

std::string NewTransactionId() {
  // random_generator is not thread-safe; one per thread avoids a lock.
  thread_local boost::uuids::random_generator generator;
  return boost::uuids::to_string(generator());
}

std::string MaskIban(const std::string& iban) {
  std::string compact;
  for (char c : iban) {
    if (c != ' ') compact.push_back(c);
  }
  if (compact.size() < 5) return "";
  return "****" + compact.substr(compact.size() - 4);
}

}  // namespace prefill
