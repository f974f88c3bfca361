// The REST resources of SEPA direct debit and bank transfer (SPEC 5.2, 5.4),
// behind the REST API's keys, scopes and Idempotency-Key (rest_api.h):
//
//   POST /v1/sepa-batches                      export due collections   (sepa:export)
//   GET  /v1/sepa-batches                      list, newest first       (sepa:export)
//   GET  /v1/sepa-batches/:id/xml              the pain.008 file again  (sepa:export)
//   GET  /v1/mandates?creditorId=...           list by reference        (sepa:export)
//   GET  /v1/mandates/:reference               one mandate              (sepa:export)
//   POST /v1/mandates/:reference/cancel        no further collections   (sepa:export)
//   POST /v1/sepa-collections/:id/return       a returned debit         (sepa:export)
//   POST /v1/transactions/:id/received         a transfer arrived       (sessions:write)
//
// Only translation: the work is sepa::SepaService's and payments/bank_transfer.h's.
// Answers never carry a full debtor IBAN (a mask of the last four). Wire
// format and decisions: docs/sepa.md.
#pragma once

#include "http/json_writer.h"
#include "http/rest_api.h"
#include "payments/sepa/sepa_service.h"
#include "payments/payment_ledger.h"
#include "payments/transaction_store.h"

namespace prefill {

struct SepaApiContext {
  sepa::SepaService* sepa = nullptr;
  TransactionStore* transactions = nullptr;
  PaymentLedger* ledger = nullptr;  // writes a received transfer with its event
  NowFunction now = SystemNow;
};

// The mandate object of the REST API (also the data of mandate.* webhook events).
void WriteMandate(JsonWriter& w, const sepa::Mandate& mandate);

void RegisterSepaApiRoutes(Router& router, const RestApiContext& rest, const SepaApiContext& context);

}  // namespace prefill
