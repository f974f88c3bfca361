// Mandates, collections and batches of SEPA direct debits (SPEC 5.2): plain
// data shared by the SEPA processor, the export, the recurring scheduler, the
// stores and the REST dialect. Amounts are integer cents; dates civil dates.
//
// Life cycles:
//   mandate     active -> cancelled (by the creditor, or a return whose reason
//               ends it: AC01, AC04, AC06, MD01, MD07)
//               active -> lapsed (36 months without a collection: rulebook 4.5)
//   collection  scheduled -> exported (in exactly one batch) -> returned
//               scheduled -> cancelled (its mandate ended before the export)
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "payments/sepa/business_calendar.h"
#include "payments/sepa/pain008.h"
#include "session/session.h"

namespace prefill::sepa {

enum class MandateStatus { kActive, kCancelled, kLapsed };
const char* MandateStatusName(MandateStatus s);  // "active", ...
bool ParseMandateStatus(std::string_view name, MandateStatus* out);

struct Mandate {
  std::string creditor_id;     // canonical
  std::string reference;       // unique per creditor
  std::string transaction_id;  // the payment attempt that created it
  std::string form_id;
  std::string debtor_name;     // transliterated, <= 70 (sepa_text.h)
  std::string debtor_iban;     // canonical, full: every collection file needs it
  std::string debtor_bic;      // may be empty
  Date signature_date{};
  int interval_months = 0;     // 0: one-off
  int64_t amount_cents = 0;    // of every collection
  Date anchor_date{};          // the first collection's nominal date; later ones keep its day of month
  int last_period = 0;         // the latest collection's period (0 = the first)
  Date last_due_date{};        // ... and its due date (lapse after 36 months without one)
  std::optional<Date> next_due_date;  // recurrent and active: when period last_period + 1 is due
  MandateStatus status = MandateStatus::kActive;
  std::string end_reason;      // why it was cancelled or lapsed
  TimePoint created_at{};
  TimePoint updated_at{};
};

enum class CollectionStatus { kScheduled, kExported, kReturned, kCancelled };
const char* CollectionStatusName(CollectionStatus s);
bool ParseCollectionStatus(std::string_view name, CollectionStatus* out);

struct Collection {
  std::string id;  // 32 hex digits; also the pain.008 EndToEndId
  std::string creditor_id;
  std::string mandate_reference;
  int period = 0;
  std::string transaction_id;  // the payment attempt, for the first collection; else empty
  SequenceType sequence = SequenceType::kOneOff;
  int64_t amount_cents = 0;
  Date due_date{};
  CollectionStatus status = CollectionStatus::kScheduled;
  std::string batch_id;       // set once, by the export
  std::string return_reason;  // ISO 20022 reason code of a return
  TimePoint created_at{};
  TimePoint updated_at{};
};

struct Batch {
  std::string id;  // 32 hex digits; also the pain.008 MsgId
  std::string creditor_id;
  Pain008Format format = Pain008Format::kV08;
  Date until{};
  int count = 0;
  int64_t control_sum_cents = 0;
  std::string xml;  // exactly the bytes exported
  TimePoint created_at{};
};

// A collection due for export, with its mandate.
struct DueCollection {
  Collection collection;
  Mandate mandate;
};

// Return reason codes (ISO 20022 ExternalReturnReason1Code, EPC rulebook
// "R-transactions") that end the mandate: account closed or blocked, no
// mandate, mandate ended.
bool ReturnEndsMandate(std::string_view reason_code);
// Four characters A-Z/0-9.
bool IsReasonCode(std::string_view reason_code);

}  // namespace prefill::sepa
