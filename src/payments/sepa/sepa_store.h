// SepaStore: where mandates, collections and batches live (SPEC 5.2). The SEPA
// processor, the export and the recurring scheduler talk only to this
// interface; storage/mysql_sepa_store.h implements it on MariaDB (tables of
// sql/008_sepa.sql), where every uniqueness rule is a key.
//
// Concurrency contract:
//   - CreateMandate writes the mandate and its first collection atomically;
//     AlreadyExists when the attempt (transaction id) already has one, or the
//     reference is taken for the creditor (the caller tells them apart with
//     FindByTransaction).
//   - AddCollection inserts the next collection and advances the mandate by
//     compare-and-set on its last_period, atomically; AlreadyExists when that
//     period is collected already (another scheduler run won).
//   - ExportDue is exactly-once: in one database transaction it locks the
//     due, scheduled collections of a creditor, lets `build` make the batch,
//     stores it and marks each collection exported with its id only if it has
//     none yet; any failure (or a crash) rolls everything back. Two exports at
//     once serialise on the locks; the later one finds nothing left.
//   - ReturnCollection moves exported -> returned once (AlreadyExists afterwards),
//     with the collection's payment transaction -> returned, and the mandate
//     -> cancelled when the reason ends it, in one database transaction.
// Every successful call is durable before it returns. Thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "payments/sepa/mandate.h"

namespace prefill::sepa {

class SepaStore {
 public:
  virtual ~SepaStore() = default;

  virtual Status CreateMandate(const Mandate& mandate, const Collection& first) = 0;
  // The mandate and first collection made by a payment attempt; NotFound if none.
  virtual Result<DueCollection> FindByTransaction(const std::string& transaction_id) = 0;

  virtual Result<Mandate> FindMandate(const std::string& creditor_id, const std::string& reference) = 0;
  // Every creditor's mandate with this reference (at most one per creditor).
  virtual Result<std::vector<Mandate>> FindMandatesByReference(const std::string& reference) = 0;
  // Mandates of a creditor by reference, after `after_reference` ("" starts).
  virtual Result<std::vector<Mandate>> ListMandates(const std::string& creditor_id,
                                                    const std::string& after_reference, size_t limit) = 0;
  // active -> cancelled with `reason`, and its scheduled collections -> cancelled.
  // A mandate no longer active is returned unchanged. NotFound if unknown.
  virtual Result<Mandate> CancelMandate(const std::string& creditor_id, const std::string& reference,
                                        const std::string& reason, TimePoint now) = 0;

  // Active recurrent mandates whose next collection is due on or before
  // `horizon`, ordered by (creditor, reference), after the given key.
  virtual Result<std::vector<Mandate>> ListNextDue(Date horizon, const std::string& after_creditor,
                                                   const std::string& after_reference, size_t limit) = 0;
  // Inserts `next` (period mandate.last_period + 1) and moves the mandate's
  // last/next period dates on (to `next.due_date` and `following_due_date`).
  virtual Status AddCollection(const Mandate& mandate, const Collection& next, Date following_due_date,
                               TimePoint now) = 0;
  // Active mandates whose last collection was due before `cutoff` -> lapsed.
  // Returns how many lapsed.
  virtual Result<int> LapseUnused(Date cutoff, TimePoint now) = 0;

  // See the contract above. nullopt (and nothing stored) when nothing is due;
  // an error of `build` is returned as it is, with nothing changed.
  using BatchBuilder = std::function<Result<Batch>(const std::vector<DueCollection>& due)>;
  virtual Result<std::optional<Batch>> ExportDue(const std::string& creditor_id, Date until,
                                                 const BatchBuilder& build) = 0;
  virtual Result<Batch> FindBatch(const std::string& id) = 0;
  // Batches (without their XML), newest first; all creditors when creditor_id is empty.
  virtual Result<std::vector<Batch>> ListBatches(const std::string& creditor_id, size_t limit) = 0;

  virtual Result<Collection> FindCollection(const std::string& id) = 0;
  // NotFound for an unknown id; AlreadyExists when it was returned before;
  // InvalidArgument when it was never exported (scheduled, cancelled).
  virtual Result<DueCollection> ReturnCollection(const std::string& id, const std::string& reason_code,
                                                 TimePoint now) = 0;
};

}  // namespace prefill::sepa
