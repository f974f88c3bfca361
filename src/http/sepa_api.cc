#include "http/sepa_api.h"
#include "common/time_format.h"

#include <algorithm>
#include <memory>

#include "http/form_api_wire.h"
#include "http/json_writer.h"
#include "http/payment_api.h"
#include "http/request_decoding.h"
#include "http/rest_wire.h"
#include "payments/bank_transfer.h"
#include "validators/amount.h"

namespace prefill {
namespace {

using sepa::Batch;
using sepa::Collection;
using sepa::Mandate;

std::string MaskedIban(const std::string& iban) { return MaskIban(iban); }

void WriteBatch(JsonWriter& w, const Batch& b) {
  w.StartObject();
  w.Member("id", b.id);
  w.Member("creditorId", b.creditor_id);
  w.Member("format", sepa::Pain008FormatName(b.format));
  w.Key("count");
  w.Int(b.count);
  w.Member("controlSum", validators::FormatCents(b.control_sum_cents));
  w.Member("until", sepa::FormatIsoDate(b.until));
  w.Member("createdAt", Iso8601(b.created_at));
  w.EndObject();
}

}  // namespace

void WriteMandate(JsonWriter& w, const Mandate& m) {
  w.StartObject();
  w.Member("reference", m.reference);
  w.Member("creditorId", m.creditor_id);
  w.Member("status", sepa::MandateStatusName(m.status));
  w.Member("formId", m.form_id);
  w.Member("debtorName", m.debtor_name);
  w.Member("maskedIban", MaskedIban(m.debtor_iban));
  w.Member("signatureDate", sepa::FormatIsoDate(m.signature_date));
  w.Key("interval");
  w.Int(m.interval_months);
  w.Member("amount", validators::FormatCents(m.amount_cents));
  w.Member("currency", "EUR");
  w.Member("lastDueDate", sepa::FormatIsoDate(m.last_due_date));
  w.Key("nextDueDate");
  if (m.next_due_date) {
    w.String(sepa::FormatIsoDate(*m.next_due_date));
  } else {
    w.Null();
  }
  w.MemberOrNull("endReason", m.end_reason);
  w.Member("transactionId", m.transaction_id);
  w.Member("createdAt", Iso8601(m.created_at));
  w.EndObject();
}

namespace {

void WriteCollection(JsonWriter& w, const Collection& c, const Mandate& m) {
  w.StartObject();
  w.Member("id", c.id);
  w.Member("creditorId", c.creditor_id);
  w.Member("mandateReference", c.mandate_reference);
  w.Member("mandateStatus", sepa::MandateStatusName(m.status));
  w.Key("period");
  w.Int(c.period);
  w.Member("sequenceType", sepa::SequenceTypeCode(c.sequence));
  w.Member("amount", validators::FormatCents(c.amount_cents));
  w.Member("dueDate", sepa::FormatIsoDate(c.due_date));
  w.Member("status", sepa::CollectionStatusName(c.status));
  w.MemberOrNull("batchId", c.batch_id);
  w.MemberOrNull("returnReason", c.return_reason);
  w.MemberOrNull("transactionId", c.transaction_id);
  w.EndObject();
}

HttpResponse SepaError(const Status& s, const char* not_found_code, const char* not_found_message) {
  if (s.Is(Status::Code::kNotFound)) return RestError(404, not_found_code, not_found_message, {s.message()});
  return RestErrorFor(s);
}

class SepaApi {
 public:
  explicit SepaApi(SepaApiContext c) : c_(std::move(c)) {}

  HttpResponse Export(const HttpRequest& request, const PathParams&) {
    auto body = DecodeSepaExport(request.body);
    if (!body.ok()) return RestBodyError(body.refusal());
    const SepaExportBody& b = body.value();
    auto exported = c_.sepa->Export(b.creditor_id, b.until, b.format);
    if (!exported.ok()) return SepaError(exported.status(), "sepa/creditor_not_found", "No form has this creditor id.");
    if (!*exported) return Envelope(200, "sepa_batch", [](JsonWriter& w) { w.Null(); });
    return Envelope(201, "sepa_batch", [&](JsonWriter& w) { WriteBatch(w, **exported); });
  }

  HttpResponse ListBatches(const HttpRequest& request, const PathParams&) {
    DecodedParams q;
    if (auto bad = ReadRestQuery(request, {"creditorId", "pageSize"}, &q)) return *bad;
    std::vector<std::string> reasons;
    const int size = ReadPageSize(q, &reasons);
    if (!reasons.empty()) return RestError(400, "bad_request", "The request is invalid.", reasons);
    auto batches = c_.sepa->ListBatches(q.ValueOf("creditorId"), size);
    if (!batches.ok()) return SepaError(batches.status(), "sepa/creditor_not_found", "No form has this creditor id.");
    return Envelope(200, "list", [&](JsonWriter& w) {
      w.StartArray();
      for (const Batch& b : *batches) WriteBatch(w, b);
      w.EndArray();
    });
  }

  HttpResponse BatchXml(const HttpRequest&, const PathParams& params) {
    auto batch = c_.sepa->FindBatch(params.at("id"));
    if (!batch.ok()) return SepaError(batch.status(), "not_found", "No such batch.");
    HttpResponse response;
    response.status = 200;
    response.body = batch->xml;
    response.SetHeader("Content-Type", "application/xml");
    response.SetHeader("Content-Disposition", "attachment; filename=\"" + batch->id + ".xml\"");
    return response;
  }

  HttpResponse ListMandates(const HttpRequest& request, const PathParams&) {
    DecodedParams q;
    if (auto bad = ReadRestQuery(request, {"creditorId", "after", "pageSize"}, &q)) return *bad;
    std::vector<std::string> reasons;
    if (q.ValueOf("creditorId").empty()) reasons.push_back("creditorId is required");
    const int size = ReadPageSize(q, &reasons);
    if (!reasons.empty()) return RestError(400, "bad_request", "The request is invalid.", reasons);
    auto mandates = c_.sepa->ListMandates(q.ValueOf("creditorId"), q.ValueOf("after"), size);
    if (!mandates.ok()) return SepaError(mandates.status(), "sepa/creditor_not_found", "No form has this creditor id.");
    return Envelope(200, "list", [&](JsonWriter& w) {
      w.StartArray();
      for (const Mandate& m : *mandates) WriteMandate(w, m);
      w.EndArray();
    });
  }

  HttpResponse GetMandate(const HttpRequest& request, const PathParams& params) {
    DecodedParams q;
    if (auto bad = ReadRestQuery(request, {"creditorId"}, &q)) return *bad;
    auto mandate = c_.sepa->FindMandate(q.ValueOf("creditorId"), params.at("reference"));
    if (!mandate.ok()) return SepaError(mandate.status(), "not_found", "No such mandate.");
    return Envelope(200, "mandate", [&](JsonWriter& w) { WriteMandate(w, *mandate); });
  }

  HttpResponse CancelMandate(const HttpRequest& request, const PathParams& params) {
    auto body = DecodeMandateCancel(request.body);
    if (!body.ok()) return RestBodyError(body.refusal());
    auto mandate = c_.sepa->CancelMandate(body.value().creditor_id, params.at("reference"));
    if (!mandate.ok()) return SepaError(mandate.status(), "not_found", "No such mandate.");
    return Envelope(200, "mandate", [&](JsonWriter& w) { WriteMandate(w, *mandate); });
  }

  HttpResponse ReturnCollection(const HttpRequest& request, const PathParams& params) {
    auto body = DecodeCollectionReturn(request.body);
    if (!body.ok()) return RestBodyError(body.refusal());
    auto returned = c_.sepa->ReturnCollection(params.at("id"), body.value().reason_code);
    if (!returned.ok()) {
      const Status& s = returned.status();
      if (s.Is(Status::Code::kAlreadyExists)) {
        return RestError(409, "sepa_collection/already_returned", "This collection was returned before.", {s.message()});
      }
      if (s.Is(Status::Code::kInvalidArgument) && s.message().find("never sent") != std::string::npos) {
        return RestError(409, "sepa_collection/not_exported", "This collection was never sent to the bank.",
                         {s.message()});
      }
      return SepaError(s, "not_found", "No such collection.");
    }
    return Envelope(200, "sepa_collection",
                    [&](JsonWriter& w) { WriteCollection(w, returned->collection, returned->mandate); });
  }

  HttpResponse TransferReceived(const HttpRequest& request, const PathParams& params) {
    if (auto body = DecodeTransferReceived(request.body); !body.ok()) return RestBodyError(body.refusal());
    auto received = MarkTransferReceived(*c_.transactions, c_.ledger, params.at("id"), c_.now());
    if (!received.ok()) {
      const Status& s = received.status();
      if (s.Is(Status::Code::kInvalidArgument)) {
        return RestError(409, "transaction/not_pending_transfer", "This transaction is not awaiting a transfer.",
                         {s.message()});
      }
      return SepaError(s, "not_found", "No such transaction.");
    }
    return Envelope(200, "transaction", [&](JsonWriter& w) { WriteTransactionJson(w, *received); });
  }

 private:
  const SepaApiContext c_;
};

}  // namespace

void RegisterSepaApiRoutes(Router& router, const RestApiContext& rest, const SepaApiContext& context) {
  auto api = std::make_shared<SepaApi>(context);
  auto add = [&](const char* method, const char* pattern, Scope scope,
                 HttpResponse (SepaApi::*handler)(const HttpRequest&, const PathParams&)) {
    AddGuardedRestRoute(router, rest, method, pattern, scope,
                        [api, handler](const HttpRequest& r, const PathParams& p) { return (api.get()->*handler)(r, p); });
  };
  add("POST", "/v1/sepa-batches", Scope::kSepaExport, &SepaApi::Export);
  add("GET", "/v1/sepa-batches", Scope::kSepaExport, &SepaApi::ListBatches);
  add("GET", "/v1/sepa-batches/:id/xml", Scope::kSepaExport, &SepaApi::BatchXml);
  add("GET", "/v1/mandates", Scope::kSepaExport, &SepaApi::ListMandates);
  add("GET", "/v1/mandates/:reference", Scope::kSepaExport, &SepaApi::GetMandate);
  add("POST", "/v1/mandates/:reference/cancel", Scope::kSepaExport, &SepaApi::CancelMandate);
  add("POST", "/v1/sepa-collections/:id/return", Scope::kSepaExport, &SepaApi::ReturnCollection);
  add("POST", "/v1/transactions/:id/received", Scope::kSessionsWrite, &SepaApi::TransferReceived);
}

}  // namespace prefill
