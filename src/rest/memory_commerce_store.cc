#include "rest/memory_commerce_store.h"

#include <algorithm>

namespace prefill {
namespace {

bool Matches(const DonationIntent& d, const DonationFilter& f) {
  return (!f.campaign || d.campaign == *f.campaign) && (!f.status || d.status == *f.status);
}

}  // namespace

Status MemoryCommerceStore::Put(const std::string& hash, const CommerceTerms& terms) {
  Result<SessionRecord> session = sessions_->Find(hash);
  if (!session.ok()) return session.status();
  std::lock_guard<std::mutex> lock(mu_);
  terms_[hash] = terms;
  return Status::OK();
}

Result<CommerceTerms> MemoryCommerceStore::Get(const std::string& hash) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = terms_.find(hash);
  if (it == terms_.end()) return Status::NotFound("not a commerce session");
  return it->second;
}

Status MemoryCommerceStore::Write(SessionRecord* session, const CommerceTerms& terms,
                                  std::vector<DonationIntent>* new_donations) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = terms_.find(session->hash);
  if (it == terms_.end()) return Status::NotFound("not a commerce session");
  for (const DonationIntent& d : *new_donations) {
    for (const DonationIntent& stored : donations_) {
      if (stored.session_hash == d.session_hash && stored.campaign == d.campaign) {
        return Status::AlreadyExists("a donation for this session and campaign exists");
      }
    }
  }
  // Only state and times change in a commerce write: keep the stored values.
  Result<SessionRecord> stored = sessions_->Find(session->hash);
  if (!stored.ok()) return stored.status();
  SessionRecord next = *stored;
  next.version = session->version;
  next.state = session->state;
  next.updated_at = session->updated_at;
  next.expires_at = session->expires_at;
  Status cas = sessions_->Update(&next);
  if (!cas.ok()) return cas;
  session->version = next.version;
  it->second.chosen = terms.chosen;
  it->second.allocations = terms.allocations;
  for (DonationIntent& d : *new_donations) {
    d.row_id = donations_.empty() ? 1 : donations_.back().row_id + 1;
    donations_.push_back(d);
  }
  return Status::OK();
}

Result<std::vector<DonationIntent>> MemoryCommerceStore::DonationsOf(const std::string& hash) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<DonationIntent> out;
  for (const DonationIntent& d : donations_) {
    if (d.session_hash == hash) out.push_back(d);
  }
  return out;
}

Result<std::vector<DonationIntent>> MemoryCommerceStore::ScanDonations(const DonationFilter& filter, ListOrder order,
                                                                       std::optional<int64_t> after_id, int limit) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<DonationIntent> out;
  auto take = [&](const DonationIntent& d) {
    if (static_cast<int>(out.size()) >= limit || !Matches(d, filter)) return;
    if (after_id && (order == ListOrder::kAscending ? d.row_id <= *after_id : d.row_id >= *after_id)) return;
    out.push_back(d);
  };
  if (order == ListOrder::kAscending) {
    std::for_each(donations_.begin(), donations_.end(), take);
  } else {
    std::for_each(donations_.rbegin(), donations_.rend(), take);
  }
  return out;
}

Result<int64_t> MemoryCommerceStore::CountDonations(const DonationFilter& filter) {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int64_t>(std::count_if(donations_.begin(), donations_.end(),
                                            [&](const DonationIntent& d) { return Matches(d, filter); }));
}

}  // namespace prefill
