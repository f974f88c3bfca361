// Commerce sessions (SPEC section 7.1, ImpactAPI-style): the session types a
// shop's checkout uses to give part of a sale to charity, what is stored
// about them beside the session record, and the donation intents a confirm
// turns them into. Plain data and the store interface; the rules are in
// rest/commerce_sessions.h. No HTTP, no SQL.
//
//   type                      interactive  the money goes to
//   donation_form (default)   -            the form's donation (SPEC section 7)
//   add_on                    yes          the campaign the buyer chooses
//   portion_of_sales_choice   yes          the campaign the buyer chooses
//   portion_of_sales          no           the allocations the shop sets
//
// Money is integer minor units (cents) end to end; "1.50" only on the wire.
// A commerce session is still a SessionRecord (hash, state, expiry, version,
// metadata; no form values): its record's form is the first campaign unless
// formId was given. Its terms (this file) live in their own row, written only
// together with a compare-and-set of the session's version (CommerceStore::
// Write), so a choice, the allocations and the confirm serialise with every
// other write of the session (process, expire, another choice).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "rest/session_query.h"
#include "session/session.h"

namespace prefill {

enum class SessionType { kDonationForm, kAddOn, kPortionOfSalesChoice, kPortionOfSales };

const char* SessionTypeName(SessionType type);  // "donation_form", "add_on", ...
// False for any other text.
bool ParseSessionType(const std::string& name, SessionType* out);
inline bool IsCommerce(SessionType t) { return t != SessionType::kDonationForm; }
// The buyer chooses the campaign in the browser, with the session secret.
inline bool IsInteractive(SessionType t) {
  return t == SessionType::kAddOn || t == SessionType::kPortionOfSalesChoice;
}

struct Allocation {
  std::string campaign;  // a form id among the session's campaigns
  int64_t amount = 0;    // minor units, > 0
  bool operator==(const Allocation& o) const { return campaign == o.campaign && amount == o.amount; }
};

// What a commerce session is about; stored at create, then changed only by
// choose-campaign (chosen) and allocations (allocations).
struct CommerceTerms {
  SessionType type = SessionType::kAddOn;
  int64_t amount = 0;                  // minor units, > 0
  std::string currency;                // the session's (= every campaign's) currency
  std::vector<std::string> campaigns;  // form ids, as given, each once, at least one
  std::string secret_hash;             // SessionSecretHash of the secret; interactive types only
  std::optional<std::string> chosen;   // interactive: the buyer's campaign
  std::vector<Allocation> allocations; // portion_of_sales: adding up to amount
};

inline constexpr const char* kDonationPending = "pending";

// One donation intent: money of a confirmed commerce session owed to a campaign.
struct DonationIntent {
  int64_t row_id = 0;         // storage order (pagination); 0 until stored
  std::string id;             // public id: "don_" + random
  std::string session_hash;
  std::string campaign;
  int64_t amount = 0;         // minor units
  std::string currency;
  std::string status = kDonationPending;
  bool sandbox = false;
  TimePoint created_at{};
};

// What the REST API shows of a commerce session beside its record.
struct CommerceView {
  CommerceTerms terms;
  std::vector<DonationIntent> donations;  // oldest first; none before the confirm
};

// Whether a confirm would find what it needs: the choice (interactive types)
// or the allocations (portion_of_sales). A commerce session's `complete`.
inline bool IsConfirmable(const CommerceTerms& t) {
  return IsInteractive(t.type) ? t.chosen.has_value() : !t.allocations.empty();
}

struct DonationFilter {
  std::optional<std::string> campaign;
  std::optional<std::string> status;
};

class CommerceStore {
 public:
  virtual ~CommerceStore() = default;

  // Stores the terms of the existing session `hash` (NotFound if no such session).
  virtual Status Put(const std::string& hash, const CommerceTerms& terms) = 0;

  // The terms of session `hash`; NotFound when it is not a commerce session.
  virtual Result<CommerceTerms> Get(const std::string& hash) = 0;

  // In one transaction: a compare-and-set of session->version (Conflict, and
  // nothing written, if it moved; NotFound if there is no such session) that
  // also stores session->state, updated_at and expires_at (never its values or
  // metadata, which commerce writes do not touch), the session's `terms` (its
  // chosen campaign and allocations) and `new_donations`. A donation for a
  // (session, campaign) that already has one is AlreadyExists, and nothing is
  // written. Bumps session->version on success; sets the donations' row ids.
  virtual Status Write(SessionRecord* session, const CommerceTerms& terms,
                       std::vector<DonationIntent>* new_donations) = 0;

  // The donations of session `hash`, oldest first (none before its confirm).
  virtual Result<std::vector<DonationIntent>> DonationsOf(const std::string& hash) = 0;

  // At most `limit` donations matching `filter` in `order`, row ids beyond `after_id`.
  virtual Result<std::vector<DonationIntent>> ScanDonations(const DonationFilter& filter, ListOrder order,
                                                            std::optional<int64_t> after_id, int limit) = 0;
  virtual Result<int64_t> CountDonations(const DonationFilter& filter) = 0;
};

}  // namespace prefill
