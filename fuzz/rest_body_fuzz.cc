// The REST JSON body decoders (src/rest/rest_bodies.h) on any bytes. The first
// byte picks the body kind - readable in the corpus as one of the letters of
// kKinds (Create, Patch, eXtend = process, No members = confirm/expire,
// cHoose-campaign, Allocations, Webhook endpoint, Sepa export, Mandate cancel,
// collection Return, Transfer received), any other byte modulo 11 - and the
// rest is the body.
// Besides "no crash, no sanitizer report" it checks the header's promises:
//   - a refusal has a code, a message and at least one reason, and no reason
//     holds a card number or invalid UTF-8 (a reason is sent, and an answer
//     may be stored for Idempotency-Key replays);
//   - an accepted body's strings are valid UTF-8 without NUL and hold no card
//     number (form field values aside: the session core checks those with the
//     field's rule), its integers and lengths are within their documented
//     bounds;
//   - the same bytes decode the same way twice.
// Create is judged against the repository's forms/ (PREFILL_SOURCE_DIR), so a
// successUrl meets a real form's allowed_redirect_origins.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "forms/form.h"
#include "forms/form_registry.h"
#include "forms/redirect_target.h"
#include "rest/rest_bodies.h"
#include "rest/session_metadata.h"
#include "session/session_lifecycle.h"
#include "validators/card_guard.h"
#include "validators/text.h"

namespace {

using namespace prefill;

const FormRegistry& Forms() {
  static const FormRegistry* registry = [] {
    std::vector<FormProblem> problems;
    auto loaded = FormRegistry::LoadDirectory(std::string(PREFILL_SOURCE_DIR) + "/forms", &problems);
    if (!loaded.ok()) std::abort();  // the harness needs the repository's forms
    return new FormRegistry(std::move(*loaded));
  }();
  return *registry;
}

void Require(bool condition) {
  if (!condition) std::abort();
}

// A string of an accepted body: valid UTF-8, no NUL, no card number, at most `max` bytes.
void Clean(const std::string& s, size_t max = 1 << 20) {
  Require(validators::IsValidUtf8(s));
  Require(s.find('\0') == std::string::npos);
  Require(!validators::HoldsCardNumber(s, validators::TextKind::kData));
  Require(s.size() <= max);
}

void CheckRefusal(const BodyRefusal& r) {
  Require(!r.code.empty() && !r.message.empty() && !r.reasons.empty());
  for (const std::string& reason : r.reasons) {
    Require(!reason.empty() && validators::IsValidUtf8(reason));
    Require(!validators::HoldsCardNumber(reason, validators::TextKind::kData));
  }
}

void CheckAttributes(const SessionAttributes& a) {
  Clean(a.success_url, kMaxRedirectUrlLength);
  if (!a.success_url.empty()) Require(RedirectUrlProblem(a.success_url).empty());
  Clean(a.user_id, 255);
  Clean(a.account_id, 255);
  Clean(a.language, 35);
  if (!a.language.empty()) Require(validators::IsLanguageTag(a.language));
  Clean(a.currency, 3);
}

void CheckMetadata(const Metadata& m) {
  Require(MetadataProblems(m).empty());
  for (const auto& [key, value] : m) {
    Clean(key);
    Clean(value);
    Require(!value.empty());
  }
}

// Field names are checked like any member name; their values are the core's.
void CheckInputs(const std::vector<FieldInput>& inputs) {
  for (const FieldInput& input : inputs) {
    Require(validators::IsValidUtf8(input.field) && input.field.find('\0') == std::string::npos);
    Require(validators::IsValidUtf8(input.value) && input.value.find('\0') == std::string::npos);
  }
}

void CheckTtl(const std::optional<std::chrono::minutes>& ttl, int64_t min, int64_t max) {
  if (ttl) Require(ttl->count() >= min && ttl->count() <= max);
}

void Check(const CreateSessionBody& body) {
  if (const auto* r = std::get_if<RestCreateRequest>(&body)) {
    Require(!r->form_id.empty());
    Clean(r->form_id, 64);
    CheckAttributes(r->attributes);
    if (const Form* form = Forms().FindById(r->form_id); form && !r->attributes.success_url.empty()) {
      Require(RedirectTargetProblem(*form, r->attributes.success_url).empty());
    }
    CheckInputs(r->inputs);
    CheckTtl(r->ttl, kMinSessionTtlMinutes, kMaxSessionTtlMinutes);
    CheckMetadata(r->metadata);
    return;
  }
  const auto& c = std::get<CommerceCreateRequest>(body);
  Require(!c.type.empty());
  Clean(c.type, 40);
  Clean(c.form_id, 64);
  Clean(c.amount, 32);
  Require(c.campaigns.size() <= 100);
  for (const std::string& campaign : c.campaigns) {
    Require(!campaign.empty());
    Clean(campaign, 64);
  }
  CheckAttributes(c.attributes);
  CheckTtl(c.ttl, kMinSessionTtlMinutes, kMaxSessionTtlMinutes);
  CheckMetadata(c.metadata);
}

void Check(const PatchSessionBody& body) {
  CheckInputs(body.inputs);
  if (body.metadata) {
    for (const auto& [key, value] : *body.metadata) {
      Clean(key);
      if (value) Clean(*value);
    }
  }
}

void Check(const ProcessSessionBody& body) {
  CheckTtl(body.extend, SessionLifecycle::kMinProcessExtension.count(), SessionLifecycle::kMaxProcessExtension.count());
}

void Check(const NoMembers&) {}

void Check(const ChooseCampaignBody& body) {
  Require(!body.campaign.empty());
  Clean(body.campaign, 64);
}

void Check(const AllocationsBody& body) {
  Require(body.allocations.size() <= 100);
  for (const AllocationInput& a : body.allocations) {
    Clean(a.campaign, 64);
    Clean(a.amount, 64);
    if (a.currency) Clean(*a.currency, 64);
  }
}

void Check(const WebhookEndpointBody& body) {
  Clean(body.url);
  Clean(body.form_id);
  for (const std::string& event : body.events) Clean(event);
}

void Check(const SepaExportBody& body) {
  Require(!body.creditor_id.empty());
  Clean(body.creditor_id);
}

void Check(const MandateCancelBody& body) { Clean(body.creditor_id); }

void Check(const CollectionReturnBody& body) {
  Require(!body.reason_code.empty());
  Clean(body.reason_code);
}

template <typename Decode>
void Run(Decode decode, std::string_view body) {
  auto first = decode(body);
  auto second = decode(body);
  Require(first.ok() == second.ok());
  if (first.ok()) {
    Check(first.value());
  } else {
    CheckRefusal(first.refusal());
    Require(first.refusal().code == second.refusal().code && first.refusal().reasons == second.refusal().reasons);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  constexpr std::string_view kKinds = "CPXNHAWSMRT";
  const size_t letter = kKinds.find(static_cast<char>(data[0]));
  switch (letter != std::string_view::npos ? letter : data[0] % kKinds.size()) {
    case 0: Run([](std::string_view b) { return DecodeCreateSession(b, &Forms()); }, body); break;
    case 1: Run(DecodePatchSession, body); break;
    case 2: Run(DecodeProcessSession, body); break;
    case 3: Run(DecodeNoMembers, body); break;
    case 4: Run(DecodeChooseCampaign, body); break;
    case 5: Run(DecodeAllocations, body); break;
    case 6: Run(DecodeWebhookEndpoint, body); break;
    case 7: Run(DecodeSepaExport, body); break;
    case 8: Run(DecodeMandateCancel, body); break;
    case 9: Run(DecodeCollectionReturn, body); break;
    case 10: Run(DecodeTransferReceived, body); break;
  }
  return 0;
}
