// RestSessions: the REST API's session operations below the wire (SPEC section
// 7): the business rules of creating a session through a secret key, the
// two-table write of a session and its REST attributes, and the :id
// operations, each on ONE read of the session (its form comes from the
// registry, FormScope in session/session_update.h). http/rest_api.cc only
// translates JSON to these calls and their typed answers back. No HTTP, no SQL.
//
// Create, in this order (the first that fails answers):
//   formId unknown                    -> CreateRefusal::kFormNotFound
//   form inactive                     -> kFormInactive
//   currency given and not the form's -> kCurrencyMismatch (detail: the form's currency)
//   sandbox without a sandbox hash    -> kNoSandbox
//   no values at all                  -> kNoValues
// then SessionService::Create (Authority::kSecretKey) and the attributes Put.
// If the attributes cannot be stored the caller gets that Status and never
// learns the new session's id, so the session is expired at once (if that fails
// too - storage down - it simply runs out with its TTL): it is never used or
// listed as open without the attributes it was made with.
//
// Thread-safe: holds no mutable state; everything passed in must outlive it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "forms/form_registry.h"
#include "rest/commerce.h"
#include "rest/session_attributes.h"
#include "rest/session_metadata.h"
#include "session/session_lifecycle.h"
#include "session/session_service.h"

namespace prefill {

struct RestCreateRequest {
  std::string form_id;
  bool sandbox = false;
  SessionAttributes attributes;  // currency as sent (compared case-insensitively)
  std::vector<FieldInput> inputs;
  std::optional<std::chrono::minutes> ttl;
  Metadata metadata;  // checked by the dialect (MetadataProblems)
};

struct CreateRefusal {
  enum class Reason { kFormNotFound, kFormInactive, kCurrencyMismatch, kNoSandbox, kNoValues };
  Reason reason;
  std::string detail;  // kCurrencyMismatch: the form's currency
};

// A session as the REST API shows it.
struct RestSessionResult {
  SessionView view;
  const Form* form = nullptr;
  SessionAttributes attributes;
  // A commerce session (SPEC 7.1): its terms and donations. Such a session has
  // no form values: view.complete says whether it can be confirmed
  // (IsConfirmable) and view.errors is empty (ShowCommerce).
  std::optional<CommerceView> commerce;
};

// Makes `result` show the commerce session `commerce` (see RestSessionResult).
void ShowCommerce(RestSessionResult* result, CommerceView commerce);

// Create's answer: a refusal, or the created session.
struct RestCreateOutcome {
  std::optional<CreateRefusal> refused;
  RestSessionResult created;  // when !refused
};

class RestSessions {
 public:
  // `commerce`: where commerce sessions' terms are (null: none are shown).
  RestSessions(const FormRegistry* forms, SessionService* sessions, SessionLifecycle* lifecycle,
               SessionAttributesStore* attributes, CommerceStore* commerce = nullptr);

  // The created session, a refusal, or a storage Status.
  Result<RestCreateOutcome> Create(RestCreateRequest request);

  // The :id operations: NotFound for an unknown id; the refusals of
  // SessionLifecycle otherwise (Expired, Processed, Locked).
  Result<RestSessionResult> Retrieve(const std::string& id);
  Result<RestSessionResult> Process(const std::string& id, std::optional<std::chrono::minutes> extend);
  // Incomplete, with the reasons in *incomplete, for a session that is not complete.
  Result<RestSessionResult> Confirm(const std::string& id, IncompleteSession* incomplete);
  Result<RestSessionResult> Expire(const std::string& id);
  // `metadata`: the patch to apply (null: metadata untouched); a result over
  // the limits is InvalidArgument with the problems in *metadata_problems.
  // Inputs for a commerce session: InvalidArgument (it has no form values).
  // The commerce part of a session with `attributes` (listings): nullopt for
  // a donation_form session.
  Result<std::optional<CommerceView>> CommerceOf(const std::string& hash, const SessionAttributes& attributes);
  Result<RestSessionResult> Patch(const std::string& id, const std::vector<FieldInput>& inputs,
                                  const std::optional<MetadataPatch>& metadata,
                                  std::vector<std::string>* metadata_problems);

 private:
  // The answer for `view` (its form and stored attributes).
  Result<RestSessionResult> Answer(Result<SessionView> view);

  const FormRegistry* const forms_;
  SessionService* const sessions_;
  SessionLifecycle* const lifecycle_;
  SessionAttributesStore* const attributes_;
  CommerceStore* const commerce_;
};

}  // namespace prefill
