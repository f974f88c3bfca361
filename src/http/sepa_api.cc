#include "http/sepa_api.h"
#include "common/time_format.h"

#include <rapidjson/document.h>

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

constexpr size_t kDefaultPageSize = 25;
constexpr size_t kMaxPageSize = 100;

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
  w.Key("endReason");
  if (m.end_reason.empty()) {
    w.Null();
  } else {
    w.String(m.end_reason);
  }
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
  w.Key("batchId");
  if (c.batch_id.empty()) {
    w.Null();
  } else {
    w.String(c.batch_id);
  }
  w.Key("returnReason");
  if (c.return_reason.empty()) {
    w.Null();
  } else {
    w.String(c.return_reason);
  }
  w.Key("transactionId");
  if (c.transaction_id.empty()) {
    w.Null();
  } else {
    w.String(c.transaction_id);
  }
  w.EndObject();
}

template <typename Write>
HttpResponse Envelope(int status, const char* object, Write write) {
  JsonWriter w;
  w.StartObject();
  w.Key("data");
  write(w);
  w.Member("object", object);
  w.EndObject();
  return HttpResponse::Json(status, w.Take());
}

HttpResponse SepaError(const Status& s, const char* not_found_code, const char* not_found_message) {
  if (s.Is(Status::Code::kNotFound)) return RestError(404, not_found_code, not_found_message, {s.message()});
  return RestErrorFor(s);
}

// Parses a JSON object body with only `allowed` string members into `out`.
std::optional<HttpResponse> StringMembers(const HttpRequest& request, std::initializer_list<const char*> allowed,
                                          std::map<std::string, std::string>* out) {
  rapidjson::Document doc;
  const std::string body = request.body.find_first_not_of(" \t\r\n") == std::string::npos ? "{}" : request.body;
  doc.Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag>(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    return RestError(400, "bad_request", "The body must be a JSON object.");
  }
  std::vector<std::string> reasons;
  for (const auto& member : doc.GetObject()) {
    const std::string name(member.name.GetString(), member.name.GetStringLength());
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return name == a; })) {
      reasons.push_back("unknown parameter: " + name);
    } else if (member.value.IsNull()) {
      continue;
    } else if (!member.value.IsString()) {
      reasons.push_back(name + " must be a string");
    } else {
      (*out)[name] = std::string(member.value.GetString(), member.value.GetStringLength());
    }
  }
  if (!reasons.empty()) return RestError(400, "bad_request", "The request is invalid.", reasons);
  return std::nullopt;
}

// Query parameters, only `allowed` ones.
std::optional<HttpResponse> QueryParams(const HttpRequest& request, std::initializer_list<const char*> allowed,
                                        std::map<std::string, std::string>* out) {
  auto params = DecodeParams(request);
  if (!params.ok()) return RestErrorFor(params.status());
  std::vector<std::string> reasons;
  for (const auto& [name, value] : params->entries()) {
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return name == a; })) {
      reasons.push_back("unknown parameter: " + name);
    } else {
      (*out)[name] = value;
    }
  }
  if (!reasons.empty()) return RestError(400, "bad_request", "The request is invalid.", reasons);
  return std::nullopt;
}

std::optional<size_t> PageSize(const std::map<std::string, std::string>& q, std::vector<std::string>* reasons) {
  auto it = q.find("pageSize");
  if (it == q.end()) return kDefaultPageSize;
  const std::string& p = it->second;
  const bool digits = !p.empty() && p.size() <= 3 && std::all_of(p.begin(), p.end(), ::isdigit);
  const size_t n = digits ? std::stoul(p) : 0;
  if (n < 1 || n > kMaxPageSize) {
    reasons->push_back("pageSize must be an integer from 1 to " + std::to_string(kMaxPageSize));
    return std::nullopt;
  }
  return n;
}

std::string Get(const std::map<std::string, std::string>& m, const char* key) {
  auto it = m.find(key);
  return it == m.end() ? std::string() : it->second;
}

class SepaApi {
 public:
  explicit SepaApi(SepaApiContext c) : c_(std::move(c)) {}

  HttpResponse Export(const HttpRequest& request, const PathParams&) {
    std::map<std::string, std::string> body;
    if (auto bad = StringMembers(request, {"creditorId", "until", "format"}, &body)) return *bad;
    std::vector<std::string> reasons;
    const std::string creditor = Get(body, "creditorId");
    if (creditor.empty()) reasons.push_back("creditorId is required");
    std::optional<sepa::Date> until;
    if (body.count("until")) {
      until = sepa::ParseIsoDate(body["until"]);
      if (!until) reasons.push_back("until must be a date YYYY-MM-DD");
    }
    sepa::Pain008Format format = sepa::Pain008Format::kV08;
    if (body.count("format") && !sepa::ParsePain008Format(body["format"], &format)) {
      reasons.push_back("format must be pain.008.001.08 or pain.008.001.02");
    }
    if (!reasons.empty()) return RestError(400, "bad_request", "The request is invalid.", reasons);
    auto exported = c_.sepa->Export(creditor, until, format);
    if (!exported.ok()) return SepaError(exported.status(), "sepa/creditor_not_found", "No form has this creditor id.");
    if (!*exported) return Envelope(200, "sepa_batch", [](JsonWriter& w) { w.Null(); });
    return Envelope(201, "sepa_batch", [&](JsonWriter& w) { WriteBatch(w, **exported); });
  }

  HttpResponse ListBatches(const HttpRequest& request, const PathParams&) {
    std::map<std::string, std::string> q;
    if (auto bad = QueryParams(request, {"creditorId", "pageSize"}, &q)) return *bad;
    std::vector<std::string> reasons;
    auto size = PageSize(q, &reasons);
    if (!size) return RestError(400, "bad_request", "The request is invalid.", reasons);
    auto batches = c_.sepa->ListBatches(Get(q, "creditorId"), *size);
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
    std::map<std::string, std::string> q;
    if (auto bad = QueryParams(request, {"creditorId", "after", "pageSize"}, &q)) return *bad;
    std::vector<std::string> reasons;
    if (Get(q, "creditorId").empty()) reasons.push_back("creditorId is required");
    auto size = PageSize(q, &reasons);
    if (!reasons.empty()) return RestError(400, "bad_request", "The request is invalid.", reasons);
    auto mandates = c_.sepa->ListMandates(Get(q, "creditorId"), Get(q, "after"), *size);
    if (!mandates.ok()) return SepaError(mandates.status(), "sepa/creditor_not_found", "No form has this creditor id.");
    return Envelope(200, "list", [&](JsonWriter& w) {
      w.StartArray();
      for (const Mandate& m : *mandates) WriteMandate(w, m);
      w.EndArray();
    });
  }

  HttpResponse GetMandate(const HttpRequest& request, const PathParams& params) {
    std::map<std::string, std::string> q;
    if (auto bad = QueryParams(request, {"creditorId"}, &q)) return *bad;
    auto mandate = c_.sepa->FindMandate(Get(q, "creditorId"), params.at("reference"));
    if (!mandate.ok()) return SepaError(mandate.status(), "not_found", "No such mandate.");
    return Envelope(200, "mandate", [&](JsonWriter& w) { WriteMandate(w, *mandate); });
  }

  HttpResponse CancelMandate(const HttpRequest& request, const PathParams& params) {
    std::map<std::string, std::string> body;
    if (auto bad = StringMembers(request, {"creditorId"}, &body)) return *bad;
    auto mandate = c_.sepa->CancelMandate(Get(body, "creditorId"), params.at("reference"));
    if (!mandate.ok()) return SepaError(mandate.status(), "not_found", "No such mandate.");
    return Envelope(200, "mandate", [&](JsonWriter& w) { WriteMandate(w, *mandate); });
  }

  HttpResponse ReturnCollection(const HttpRequest& request, const PathParams& params) {
    std::map<std::string, std::string> body;
    if (auto bad = StringMembers(request, {"reasonCode"}, &body)) return *bad;
    if (Get(body, "reasonCode").empty()) {
      return RestError(400, "bad_request", "The request is invalid.", {"reasonCode is required, e.g. AC04 or MD06"});
    }
    auto returned = c_.sepa->ReturnCollection(params.at("id"), body["reasonCode"]);
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
    std::map<std::string, std::string> body;
    if (auto bad = StringMembers(request, {}, &body)) return *bad;
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
