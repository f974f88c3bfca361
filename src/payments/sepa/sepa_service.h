// SepaService: what creditors do with their direct debits (SPEC 5.2): export
// due collections as pain.008 batches, download batches again, list and
// cancel mandates, record returned debits, and the recurring scheduler's run.
// Part of the core: no HTTP, no SQL; the REST dialect (http/sepa_api.h) and
// the command line (`prefill sepa export`) call it.
//
// Creditors are the forms' `sepa` blocks: a creditor id is known when at
// least one form names it; forms sharing a creditor id must agree on its
// name, IBAN and BIC (else the export refuses: it could not know which
// account to credit).
//
// Export(creditor, until, format): every scheduled collection of the creditor
// due on or before `until` (default: today + kExportHorizonDays) goes into one
// new batch, exactly once (SepaStore::ExportDue); nothing due -> nullopt.
// A lost race with a concurrent export (Conflict) is retried.
//
// RunRecurring(today): for each active recurrent mandate whose next period is
// due within kScheduleHorizonDays, adds that period's collection (one per
// period: the database's unique key), then lapses mandates unused for 36
// months (EPC rulebook 4.5: a mandate not used for 36 months expires).
//
// Thread-safe: holds no mutable state.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "forms/form_registry.h"
#include "payments/sepa/sepa_store.h"
#include "session/session_service.h"

namespace prefill::sepa {

inline constexpr int kExportHorizonDays = 14;    // banks take CORE files up to 14 days ahead
inline constexpr int kScheduleHorizonDays = 14;  // recurrent collections are made this far ahead
inline constexpr int kLapseMonths = 36;

struct RecurringReport {
  int created = 0;      // collections added
  int already = 0;      // periods another run had collected
  int lapsed = 0;       // mandates lapsed
  int failures = 0;
  Status first_failure;
};

class SepaService {
 public:
  SepaService(SepaStore* store, const FormRegistry* forms, NowFunction now = SystemNow);

  // NotFound when no form has this creditor id; InvalidArgument when forms
  // disagree about it.
  Result<SepaCreditorConfig> Creditor(const std::string& creditor_id) const;

  Result<std::optional<Batch>> Export(const std::string& creditor_id, std::optional<Date> until, Pain008Format format);
  Result<Batch> FindBatch(const std::string& id) { return store_->FindBatch(id); }
  Result<std::vector<Batch>> ListBatches(const std::string& creditor_id, size_t limit);

  Result<std::vector<Mandate>> ListMandates(const std::string& creditor_id, const std::string& after, size_t limit);
  // By reference; `creditor_id` may be empty when the reference is unique.
  Result<Mandate> FindMandate(const std::string& creditor_id, const std::string& reference);
  Result<Mandate> CancelMandate(const std::string& creditor_id, const std::string& reference);
  // InvalidArgument for a reason code that is not four letters/digits.
  Result<DueCollection> ReturnCollection(const std::string& collection_id, const std::string& reason_code);

  RecurringReport RunRecurring();

 private:
  SepaStore* const store_;
  const FormRegistry* const forms_;
  const NowFunction now_;
};

}  // namespace prefill::sepa
