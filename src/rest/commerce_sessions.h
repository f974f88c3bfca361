// CommerceSessions: the rules of the commerce session types (SPEC section 7.1)
// below the wire. http/rest_api.cc only translates JSON to these calls and
// their typed answers back. No HTTP, no SQL. Decisions: docs/rest-api.md.
//
// Create (type add_on | portion_of_sales_choice | portion_of_sales), the first
// that fails answers:
//   type not one of them                 -> kInvalidType
//   amount missing, not a decimal, <= 0  -> kBadRequest
//   campaigns empty                      -> kCampaignsRequired
//   a campaign listed twice              -> kBadRequest
//   formId given: unknown / inactive     -> kFormNotFound / kFormInactive
//   currency given, not the form's       -> kCurrencyMismatch
//   a campaign unknown, inactive or of
//   another currency than the session's  -> kCampaignNotAvailable (every one in reasons)
//   sandbox without a sandbox hash       -> kNoSandbox
// then a session without form values (its form: formId, else the first
// campaign) whose form `amount` is locked empty, so the form API and the hosted
// page can never complete or pay it; its attributes and its terms. An
// interactive one gets a session secret (rest/session_secret.h), answered once
// with the available campaigns.
//
// ChooseCampaign (interactive types; else kWrongType): while open, any of the
// session's campaigns (else kCampaignNotAvailable), as often as wanted;
// processing -> Locked, completed -> Processed, expired -> Expired (the kEdit
// row of session/session_transitions.h). SetAllocations (portion_of_sales; else
// kWrongType): same states; none -> kAllocationsRequired; a campaign not among
// the session's, a campaign twice, another currency, a bad amount, or amounts
// that do not add up to the session's -> kInvalidAllocations (every problem
// in reasons); replaces the earlier allocations.
//
// Confirm: a donation_form session goes to RestSessions::Confirm. A commerce
// session: open | processing -> completed, its choice (one intent of the whole
// amount) or its allocations (one intent each) becoming pending donation
// intents in the same transaction (CommerceStore::Write); no choice ->
// kCampaignRequired, no allocations -> kAllocationsRequired. Completed: the
// same session and donations again, nothing written (idempotent); expired ->
// Expired. Two concurrent confirms: one compare-and-set wins, the other re-reads
// a completed session and answers it; the store's unique (session, campaign)
// key refuses any second intent whatever happens.
//
// Every write is read / decide / CommerceStore::Write (compare-and-set on the
// session's version) / retry on Conflict (session/session_update.h
// RetryOnConflict), so it never overwrites a concurrent process, expire or
// choice. Thread-safe: no mutable state; everything passed in must outlive it.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "forms/form_registry.h"
#include "rest/commerce.h"
#include "rest/rest_sessions.h"
#include "rest/session_pager.h"
#include "session/session_store.h"

namespace prefill {

struct CommerceRefusal {
  enum class Reason {
    kBadRequest,
    kInvalidType,
    kCampaignsRequired,
    kCampaignNotAvailable,
    kCampaignRequired,
    kAllocationsRequired,
    kInvalidAllocations,
    kWrongType,
    kFormNotFound,
    kFormInactive,
    kCurrencyMismatch,
    kNoSandbox,
  };
  Reason reason;
  std::vector<std::string> reasons;
};

struct CommerceCreateRequest {
  std::string type;                    // as sent
  std::string form_id;                 // optional
  std::string amount;                  // decimal text as sent; "" = missing
  std::vector<std::string> campaigns;  // form ids as sent
  bool sandbox = false;
  SessionAttributes attributes;        // type is set from `type`
  std::optional<std::chrono::minutes> ttl;
  Metadata metadata;                   // checked by the dialect (MetadataProblems)
};

// One allocation as sent; the rules judge every part of it.
struct AllocationInput {
  std::string campaign;
  std::string amount;                   // decimal text as sent
  std::optional<std::string> currency;  // optional; must be the session's
};

struct CommerceAnswer {
  std::optional<CommerceRefusal> refused;
  RestSessionResult session;           // when !refused
  std::string secret;                  // Create of an interactive session only
  std::vector<const Form*> available;  // Create of an interactive session only
};

class CommerceSessions {
 public:
  CommerceSessions(const FormRegistry* forms, SessionStore* store, SessionService* sessions,
                   SessionLifecycle* lifecycle, SessionAttributesStore* attributes, CommerceStore* commerce,
                   RestSessions* rest, NowFunction now = SystemNow);

  Result<CommerceAnswer> Create(CommerceCreateRequest request);

  // OK if `secret` is the session secret of session `id`. Forbidden for any
  // other secret, an unknown session, or one that has no secret: the same
  // answer for all, so a secret tells nothing about other sessions.
  Status AuthorizeSecret(const std::string& id, const std::string& secret);

  Result<CommerceAnswer> ChooseCampaign(const std::string& id, const std::string& campaign);
  Result<CommerceAnswer> SetAllocations(const std::string& id, const std::vector<AllocationInput>& allocations);
  // `incomplete`: as RestSessions::Confirm, for donation_form sessions.
  Result<CommerceAnswer> Confirm(const std::string& id, IncompleteSession* incomplete);

  // GET /v1/donations: keyset pages (session_pager.h) of donation intents.
  Result<KeysetPage<DonationIntent>> ListDonations(const DonationFilter& filter, ListOrder direction,
                                                   const std::optional<SessionCursor>& cursor, int page_size);

 private:
  // One read / decide / Write loop on a commerce session. `decide` edits the
  // terms and the record (state, updated_at) and fills the intents to insert;
  // it returns true to write, false to answer as read, or a refusal.
  using CommerceDecision = std::function<Result<bool>(SessionRecord* record, CommerceTerms* terms,
                                                      std::vector<DonationIntent>* intents,
                                                      std::optional<CommerceRefusal>* refused, TimePoint now)>;
  Result<CommerceAnswer> Run(const std::string& id, const CommerceDecision& decide);

  const FormRegistry* const forms_;
  SessionStore* const store_;
  SessionService* const sessions_;
  SessionLifecycle* const lifecycle_;
  SessionAttributesStore* const attributes_;
  CommerceStore* const commerce_;
  RestSessions* const rest_;
  const NowFunction now_;
};

// Parses "1.50"-style money: digits, optionally a dot and one or two decimals;
// nullopt for anything else or for zero.
std::optional<int64_t> ParsePositiveAmount(const std::string& text);

}  // namespace prefill
