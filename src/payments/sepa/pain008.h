// The ISO 20022 pain.008 writer: a direct debit initiation file for the
// creditor's bank (SPEC 5.2 "Export"; EPC SDD Core Implementation Guidelines,
// EPC130-08).
//
// Input is plain typed data (no storage, no clock), so tests and fuzzers can
// call it directly. The writer checks what the schema cannot and what the
// rulebook asks for, and refuses (InvalidArgument, naming the value) rather
// than write a file a bank would reject:
//   - ids (message, payment information, end-to-end, mandate) 1-35 characters,
//     unique within the file; mandate ids IsValidMandateReference;
//   - every text in the SEPA character set (callers transliterate first:
//     sepa_text.h), names at most 70 characters, remittance at most 140;
//   - amounts integer cents, 1 .. 99,999,999,999 (EPC: 0.01 - 999,999,999.99),
//     currency EUR only;
//   - every group non-empty; each (sequence type, due date) once;
//   - dates real ones of the years 0001-9999 (xs:date's four-digit years);
//   - BICs canonical; for pain.008.001.02 also of the ISO 9362 form before 2014
//     that its schema asks for (a location code not starting with 0 or 1).
// What it writes, per group: one PmtInf with PmtMtd DD, NbOfTxs and CtrlSum
// (also summed in the group header), SvcLvl SEPA, LclInstrm CORE, the SeqTp,
// ReqdColltnDt, creditor name/IBAN/BIC (Othr NOTPROVIDED without a BIC),
// ChrgBr SLEV, the creditor scheme id (PrvtId/Othr, SchmeNm Prtry SEPA); per
// transaction EndToEndId, InstdAmt Ccy EUR, MndtId, DtOfSgntr, the debtor's
// agent, name and IBAN, and unstructured remittance information. The output is
// UTF-8, indented, every text escaped by libxml2. The same input gives the
// same bytes.
//
// Thread-safe (libxml2's tree API is, per document).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "payments/sepa/business_calendar.h"

namespace prefill::sepa {

enum class Pain008Format { kV08, kV02 };  // pain.008.001.08 (default), pain.008.001.02

const char* Pain008FormatName(Pain008Format f);  // "pain.008.001.08"
bool ParsePain008Format(std::string_view name, Pain008Format* out);

enum class SequenceType { kOneOff, kRecurrent };  // OOFF, RCUR (FRST is not used: SPEC 5.2)
const char* SequenceTypeCode(SequenceType s);
bool ParseSequenceType(std::string_view code, SequenceType* out);

struct Pain008Creditor {
  std::string name;         // SEPA text, <= 70
  std::string creditor_id;  // canonical (creditor_id.h)
  std::string iban;         // canonical
  std::string bic;          // empty: not provided
};

struct Pain008Transaction {
  std::string end_to_end_id;
  int64_t amount_cents = 0;
  std::string mandate_reference;
  Date mandate_signature_date{};
  std::string debtor_name;  // SEPA text, <= 70
  std::string debtor_iban;
  std::string debtor_bic;   // empty: not provided
  std::string remittance;   // SEPA text, <= 140; empty: none
};

struct Pain008Group {
  std::string payment_information_id;
  SequenceType sequence = SequenceType::kOneOff;
  Date due_date{};
  std::vector<Pain008Transaction> transactions;
};

struct Pain008Message {
  Pain008Format format = Pain008Format::kV08;
  std::string message_id;
  std::chrono::system_clock::time_point created_at{};  // written in UTC, seconds
  std::string initiating_party;  // SEPA text, <= 70 (the creditor's name)
  Pain008Creditor creditor;
  std::vector<Pain008Group> groups;
};

// The XML document, or InvalidArgument for input the rules above refuse.
Result<std::string> WritePain008(const Pain008Message& message);

// Sum of the group's amounts in cents.
int64_t GroupControlSum(const Pain008Group& group);

}  // namespace prefill::sepa
