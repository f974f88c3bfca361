// MySqlSepaStore: the SepaStore of payments/sepa/sepa_store.h on MariaDB,
// tables sepa_mandates, sepa_collections and sepa_batches of
// sql/008_sepa.sql; MySqlBankTransferStore: the BankTransferStore of
// payments/bank_transfer.h on table bank_transfers.
//
// Contract, beyond the interfaces':
// - Every statement is prepared with bound parameters (prepared once per
//   pooled connection); dates travel as "YYYY-MM-DD", times as microseconds.
// - Multi-statement writes run in one InnoDB transaction: committed at the
//   end, rolled back on any error; a driver exception discards the
//   connection, which rolls back on the server.
// - Uniqueness is the schema's: duplicate keys surface as AlreadyExists.
// - ExportDue locks the due collections with SELECT ... FOR UPDATE on
//   sepa_collections only, and takes a first collection only when its payment
//   transaction is confirmed (a failed or still pending attempt is never
//   collected). Each collection is marked with `batch_id IS NULL` in its
//   WHERE: should two exports ever see the same row (Galera certification
//   decides between nodes), one of them changes fewer rows than it locked and
//   rolls back with Conflict, storing nothing.
// - Events (payments/domain_event.h) in the same database transaction as the
//   change, through the outbox: mandate.created (CreateMandate),
//   mandate.cancelled (CancelMandate, or a return whose reason ends the
//   mandate; only when it was active), transaction.returned (ReturnCollection).
// - ReturnCollection also moves the collection's transaction (table
//   transactions) confirmed -> returned, in the same database transaction.
// - Fault point "sepa_batch_built" (common/fault_point.h): after the batch was
//   built, before it is stored.
// Thread-safe: holds no mutable state.
#pragma once

#include "payments/bank_transfer.h"
#include "payments/sepa/sepa_store.h"
#include "storage/connection_pool.h"
#include "storage/mysql_outbox.h"
#include "storage/mysql_transaction_store.h"

namespace prefill {

class MySqlSepaStore : public sepa::SepaStore {
 public:
  // `outbox` and `transactions` (on the same pool) may be null: no events are
  // written then (tests of the store alone; the app gives both).
  explicit MySqlSepaStore(ConnectionPool& pool, MySqlOutbox* outbox = nullptr,
                          MySqlTransactionStore* transactions = nullptr)
      : pool_(pool), outbox_(outbox), transactions_(transactions) {}

  Status CreateMandate(const sepa::Mandate& mandate, const sepa::Collection& first) override;
  Result<sepa::DueCollection> FindByTransaction(const std::string& transaction_id) override;
  Result<sepa::Mandate> FindMandate(const std::string& creditor_id, const std::string& reference) override;
  Result<std::vector<sepa::Mandate>> FindMandatesByReference(const std::string& reference) override;
  Result<std::vector<sepa::Mandate>> ListMandates(const std::string& creditor_id, const std::string& after_reference,
                                                  size_t limit) override;
  Result<sepa::Mandate> CancelMandate(const std::string& creditor_id, const std::string& reference,
                                      const std::string& reason, TimePoint now) override;
  Result<std::vector<sepa::Mandate>> ListNextDue(sepa::Date horizon, const std::string& after_creditor,
                                                 const std::string& after_reference, size_t limit) override;
  Status AddCollection(const sepa::Mandate& mandate, const sepa::Collection& next, sepa::Date following_due_date,
                       TimePoint now) override;
  Result<int> LapseUnused(sepa::Date cutoff, TimePoint now) override;
  Result<std::optional<sepa::Batch>> ExportDue(const std::string& creditor_id, sepa::Date until,
                                               const BatchBuilder& build) override;
  Result<sepa::Batch> FindBatch(const std::string& id) override;
  Result<std::vector<sepa::Batch>> ListBatches(const std::string& creditor_id, size_t limit) override;
  Result<sepa::Collection> FindCollection(const std::string& id) override;
  Result<sepa::DueCollection> ReturnCollection(const std::string& id, const std::string& reason_code,
                                               TimePoint now) override;

 private:
  ConnectionPool& pool_;
  MySqlOutbox* const outbox_;
  MySqlTransactionStore* const transactions_;
};

class MySqlBankTransferStore : public BankTransferStore {
 public:
  explicit MySqlBankTransferStore(ConnectionPool& pool) : pool_(pool) {}
  Status Insert(const BankTransfer& transfer) override;
  Result<BankTransfer> FindByTransaction(const std::string& transaction_id) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace prefill
