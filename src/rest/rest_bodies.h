// The JSON request bodies of the REST API (/v1, SPEC section 7; docs/rest-api.md,
// docs/webhooks.md, docs/sepa.md), decoded: the bytes of a body in, the typed
// request its endpoint hands to the service out - or the refusal the endpoint
// answers with. Pure: no HTTP, no storage, no clock, no logging; the one outside
// input is the form registry Create reads for a successUrl's allowed origins.
// The dialects (src/http/rest_api.cc, webhook_api.cc, sepa_api.cc) only send a
// refusal as `400 {"error": {code, message, reasons}}` (RestBodyError).
//
// Every body, whichever the endpoint, is first read by one rule:
//   - a blank body (only JSON whitespace) is `{}`; anything else must be one JSON
//     object (RapidJSON, validated UTF-8, iterative parsing: nesting depth cannot
//     exhaust the stack), else bad_request "The body must be a JSON object.";
//   - every string and member name, field values included, decodes to valid
//     UTF-8 without NUL (a JSON escape can write "\u0000" or a lone surrogate
//     "\udc00", which validating the input bytes does not exclude), else
//     bad_request naming where;
//   - the card-number guard (validators/card_guard.h, TextKind::kData) over every
//     member name, string and number except the values of `values` and
//     `fixedValues` (form field values: the session core checks each with its
//     field's own rule): card_number_refused, the reasons naming where but never
//     repeating a number (an answer may be stored for Idempotency-Key replays).
// Then each endpoint's members (unknown ones refused) with the codes, messages
// and reasons documented per endpoint below and in docs/rest-api.md.
//
// What an accepted body guarantees (fuzz/rest_body_fuzz.cc checks it on any
// bytes): every string is valid UTF-8 without NUL and holds no card number
// (field values aside, see above); every integer is within its bounds
// (Create's expiresIn kMinSessionTtlMinutes..kMaxSessionTtlMinutes, Process's
// SessionLifecycle::kMinProcessExtension..kMaxProcessExtension). A refusal has
// a code, a message and at least one reason, none repeating a card number.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "forms/form_registry.h"
#include "payments/sepa/business_calendar.h"
#include "payments/sepa/pain008.h"
#include "rest/commerce_sessions.h"
#include "rest/rest_sessions.h"
#include "rest/session_metadata.h"
#include "session/session_merge.h"

namespace prefill {

// Why a body is refused: always HTTP 400.
struct BodyRefusal {
  std::string code;                  // "bad_request", "card_number_refused", "donation_session/..."
  std::string message;               // one sentence for people
  std::vector<std::string> reasons;  // at least one; each names the member it is about
};

// A decoded body: the request, or its refusal.
template <typename T>
class Decoded {
 public:
  Decoded(T value) : v_(std::in_place_index<0>, std::move(value)) {}            // NOLINT: implicit by design
  Decoded(BodyRefusal refusal) : v_(std::in_place_index<1>, std::move(refusal)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  const T& value() const { return std::get<0>(v_); }
  T& value() { return std::get<0>(v_); }
  const BodyRefusal& refusal() const { return std::get<1>(v_); }

 private:
  std::variant<T, BodyRefusal> v_;
};

// A body that must have no members (confirm, expire, transfer received).
struct NoMembers {};

// POST /v1/donation-sessions. A donation_form session (`type` absent or
// "donation_form"), or a commerce session. A `type` that is neither is passed
// on alone (CommerceCreateRequest with only `type`): the commerce rules refuse
// it as donation_session/invalid_type, before anything else of the body.
// `forms` (may be null: URL shape only) judges successUrl against the origins
// of the form `formId` names; a formId it does not know gets the shape check
// (the service then answers form_not_found).
using CreateSessionBody = std::variant<RestCreateRequest, CommerceCreateRequest>;
Decoded<CreateSessionBody> DecodeCreateSession(std::string_view body, const FormRegistry* forms);

// PATCH /v1/donation-sessions/:id: `values`, `fixedValues`, `metadata` (a patch:
// null removes a key; absent: metadata untouched). Metadata problems are
// donation_session/invalid_metadata (the limits are checked on the patched
// result, by the service).
struct PatchSessionBody {
  std::vector<FieldInput> inputs;
  std::optional<MetadataPatch> metadata;
};
Decoded<PatchSessionBody> DecodePatchSession(std::string_view body);

// POST /v1/donation-sessions/:id/process: `expiresIn` (optional minutes).
struct ProcessSessionBody {
  std::optional<std::chrono::minutes> extend;
};
Decoded<ProcessSessionBody> DecodeProcessSession(std::string_view body);

// POST .../confirm and .../expire: `{}` (unknown members: "The request has
// unknown parameters.").
Decoded<NoMembers> DecodeNoMembers(std::string_view body);

// POST .../choose-campaign: `campaign` (required: donation_session/campaign_required).
struct ChooseCampaignBody {
  std::string campaign;  // 1-64 bytes
};
Decoded<ChooseCampaignBody> DecodeChooseCampaign(std::string_view body);

// PUT .../allocations: `allocations`, an array of at most 100 objects
// {campaign, amount, currency} of strings of at most 64 bytes, as sent (the
// commerce rules judge them). Problems of the items are
// donation_session/invalid_allocations.
struct AllocationsBody {
  std::vector<AllocationInput> allocations;
};
Decoded<AllocationsBody> DecodeAllocations(std::string_view body);

// POST /v1/webhook-endpoints: `url` and `events` required, `formId` optional
// (the endpoint rules judge the URL, the event names and the form).
struct WebhookEndpointBody {
  std::string url;
  std::vector<std::string> events;
  std::string form_id;  // "" = every form
};
Decoded<WebhookEndpointBody> DecodeWebhookEndpoint(std::string_view body);

// The SEPA bodies (docs/sepa.md): objects of string members only (null = absent).
// POST /v1/sepa-batches: `creditorId` (required), `until` (YYYY-MM-DD), `format`.
struct SepaExportBody {
  std::string creditor_id;
  std::optional<sepa::Date> until;
  sepa::Pain008Format format = sepa::Pain008Format::kV08;
};
Decoded<SepaExportBody> DecodeSepaExport(std::string_view body);

// POST /v1/mandates/:reference/cancel: `creditorId` (optional).
struct MandateCancelBody {
  std::string creditor_id;
};
Decoded<MandateCancelBody> DecodeMandateCancel(std::string_view body);

// POST /v1/sepa-collections/:id/return: `reasonCode` (required).
struct CollectionReturnBody {
  std::string reason_code;
};
Decoded<CollectionReturnBody> DecodeCollectionReturn(std::string_view body);

// POST /v1/transactions/:id/received: `{}` ("The request is invalid." for an
// unknown member, as the other SEPA bodies).
Decoded<NoMembers> DecodeTransferReceived(std::string_view body);

}  // namespace prefill
