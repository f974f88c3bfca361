// MemoryCommerceStore: a CommerceStore in process memory, over a SessionStore
// (the session half of Write is that store's compare-and-set), for unit tests
// of the commerce rules without a database. One mutex: a Write is atomic with
// respect to every other call of this store. Not for production. Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "rest/commerce.h"
#include "session/session_store.h"

namespace prefill {

class MemoryCommerceStore : public CommerceStore {
 public:
  // `sessions` must outlive the store.
  explicit MemoryCommerceStore(SessionStore* sessions) : sessions_(sessions) {}

  Status Put(const std::string& hash, const CommerceTerms& terms) override;
  Result<CommerceTerms> Get(const std::string& hash) override;
  Status Write(SessionRecord* session, const CommerceTerms& terms, std::vector<DonationIntent>* new_donations) override;
  Result<std::vector<DonationIntent>> DonationsOf(const std::string& hash) override;
  Result<std::vector<DonationIntent>> ScanDonations(const DonationFilter& filter, ListOrder order,
                                                    std::optional<int64_t> after_id, int limit) override;
  Result<int64_t> CountDonations(const DonationFilter& filter) override;

 private:
  SessionStore* const sessions_;
  mutable std::mutex mu_;
  std::map<std::string, CommerceTerms> terms_;  // guarded by mu_
  std::vector<DonationIntent> donations_;       // guarded by mu_, in row id order
};

}  // namespace prefill
