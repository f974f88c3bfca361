// BuildBatch: turns the due collections of one creditor into a stored batch
// and its pain.008 file (SPEC 5.2 "Export"). Pure: the store's ExportDue
// calls it inside its database transaction (sepa_store.h).
//
// Grouping: one PmtInf per (sequence type, requested collection date), in
// date order, OOFF before RCUR; transactions in (mandate, period) order, so
// the same collections give the same file layout. The requested date is the
// collection's due date, or — for a collection exported too late for it —
// the first date a CORE debit can still reach (the next business day after
// `today`, rulebook 4.3: D-1). Ids: the batch id (32 hex digits) is the
// MsgId; PmtInfIds are its first 26 digits + "-" + the group's number; the
// collection id is the EndToEndId.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "forms/form.h"
#include "payments/sepa/mandate.h"

namespace prefill::sepa {

Result<Batch> BuildBatch(const SepaCreditorConfig& creditor, std::vector<DueCollection> due, Pain008Format format,
                         Date until, Date today, TimePoint now);

}  // namespace prefill::sepa
