// MySqlCommerceStore: the CommerceStore of rest/commerce.h on MariaDB, tables
// commerce_sessions and donation_intents of sql/011_commerce.sql.
//
// Contract, beyond the interface's:
// - Write is one transaction on one pooled connection: "UPDATE sessions SET
//   state, updated_at, expires_at, version = version + 1 WHERE hash = ? AND
//   version = ?" (0 rows: Conflict, or NotFound when the session is gone, and
//   the transaction is rolled back), then the terms' chosen campaign and
//   allocations, then one INSERT per donation intent; COMMIT. The row lock of
//   the first UPDATE serialises concurrent writers of one session; a second
//   intent for a (session, campaign) breaks the unique key (1062:
//   AlreadyExists); a deadlock or a Galera certification failure at COMMIT
//   (1213) is Conflict, so the caller's retry applies.
// - Every statement is prepared with bound parameters. campaigns and
//   allocations are JSON text (see the migration); a row that cannot be read
//   back is Internal.
// Thread-safe: holds no mutable state.
#pragma once

#include <string>
#include <vector>

#include "rest/commerce.h"
#include "storage/connection_pool.h"
#include "storage/mysql_outbox.h"

namespace prefill {

class MySqlCommerceStore : public CommerceStore {
 public:
  // `pool` must outlive the store.
  // `outbox` (on the same pool) writes the confirm's donation_session.completed
  // in Write's transaction; null: no event (tests of the store alone).
  explicit MySqlCommerceStore(ConnectionPool& pool, MySqlOutbox* outbox = nullptr) : pool_(pool), outbox_(outbox) {}

  Status Put(const std::string& hash, const CommerceTerms& terms) override;
  Result<CommerceTerms> Get(const std::string& hash) override;
  Status Write(SessionRecord* session, const CommerceTerms& terms, std::vector<DonationIntent>* new_donations) override;
  Result<std::vector<DonationIntent>> DonationsOf(const std::string& hash) override;
  Result<std::vector<DonationIntent>> ScanDonations(const DonationFilter& filter, ListOrder order,
                                                    std::optional<int64_t> after_id, int limit) override;
  Result<int64_t> CountDonations(const DonationFilter& filter) override;

 private:
  ConnectionPool& pool_;
  MySqlOutbox* const outbox_;
};

}  // namespace prefill
