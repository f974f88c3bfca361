#include "rest/commerce_sessions.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "forms/decimal_amount.h"
#include "rest/encoding.h"
#include "rest/session_secret.h"
#include "session/session_transitions.h"
#include "session/session_update.h"
#include "session/session_view.h"

namespace prefill {
namespace {

using Reason = CommerceRefusal::Reason;

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

// The public id of a new donation intent: 128 random bits.
std::string NewDonationId() {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::string bytes = RandomBytes(16);
  std::string id = "don_";
  for (unsigned char b : bytes) {
    id += kHex[b >> 4];
    id += kHex[b & 15];
  }
  return id;
}

}  // namespace

std::optional<int64_t> ParsePositiveAmount(const std::string& text) {
  std::optional<validators::Cents> cents = ParseDecimalCents(text);
  if (!cents || *cents <= 0) return std::nullopt;
  return *cents;
}

CommerceSessions::CommerceSessions(const FormRegistry* forms, SessionStore* store, SessionService* sessions,
                                   SessionLifecycle* lifecycle, SessionAttributesStore* attributes,
                                   CommerceStore* commerce, RestSessions* rest, NowFunction now)
    : forms_(forms),
      store_(store),
      sessions_(sessions),
      lifecycle_(lifecycle),
      attributes_(attributes),
      commerce_(commerce),
      rest_(rest),
      now_(std::move(now)) {}

Result<CommerceAnswer> CommerceSessions::Create(CommerceCreateRequest request) {
  auto refuse = [](Reason reason, std::vector<std::string> reasons = {}) -> Result<CommerceAnswer> {
    CommerceAnswer answer;
    answer.refused = CommerceRefusal{reason, std::move(reasons)};
    return answer;
  };
  SessionType type;
  if (!ParseSessionType(request.type, &type) || !IsCommerce(type)) {
    return refuse(Reason::kInvalidType,
                  {"type must be donation_form, add_on, portion_of_sales_choice or portion_of_sales"});
  }
  const std::optional<int64_t> amount = ParsePositiveAmount(request.amount);
  if (!amount) {
    return refuse(Reason::kBadRequest, {request.amount.empty()
                                            ? "amount is required for a " + request.type + " session"
                                            : "amount must be a positive decimal such as \"1.50\""});
  }
  if (request.campaigns.empty()) return refuse(Reason::kCampaignsRequired, {"campaigns lists no form id"});
  std::set<std::string> seen;
  for (const std::string& campaign : request.campaigns) {
    if (!seen.insert(campaign).second) return refuse(Reason::kBadRequest, {"campaigns lists " + campaign + " twice"});
  }

  // The form the session record belongs to: formId, else the first campaign.
  const Form* form = nullptr;
  if (!request.form_id.empty()) {
    form = forms_->FindById(request.form_id);
    if (!form) return refuse(Reason::kFormNotFound, {"formId: " + request.form_id});
    if (!form->active) return refuse(Reason::kFormInactive);
  }
  std::string& currency = request.attributes.currency;
  currency = Upper(currency);
  const Form* first = forms_->FindById(request.campaigns.front());
  const Form* currency_source = form ? form : first;
  if (currency_source && !currency.empty() && currency != currency_source->currency()) {
    return refuse(Reason::kCurrencyMismatch, {"currency must be the form's currency " + currency_source->currency()});
  }
  const std::string session_currency = !currency.empty() ? currency : (currency_source ? currency_source->currency() : "");

  std::vector<std::string> unavailable;
  std::vector<const Form*> available;
  for (const std::string& campaign : request.campaigns) {
    const Form* f = forms_->FindById(campaign);
    if (!f) {
      unavailable.push_back("campaign " + campaign + " is not a form of this service");
    } else if (!f->active) {
      unavailable.push_back("campaign " + campaign + " is not active");
    } else if (f->currency() != session_currency) {
      unavailable.push_back("campaign " + campaign + " takes " + f->currency() + ", the session is in " +
                            session_currency);
    } else {
      available.push_back(f);
    }
  }
  if (!unavailable.empty()) return refuse(Reason::kCampaignNotAvailable, std::move(unavailable));
  if (!form) form = first;
  if (request.sandbox && form->sandbox_hash.empty()) return refuse(Reason::kNoSandbox, {"the form has no sandbox"});

  CreateOptions options;
  options.ttl = request.ttl;
  options.metadata = std::move(request.metadata);
  options.without_values = true;
  // Not payable through the form API or the hosted page: nobody can fill the
  // form's amount there (docs/rest-api.md).
  options.locked_empty = {"amount"};
  Result<SessionView> created = sessions_->Create(*form, request.sandbox, {}, Authority::kSecretKey, options);
  if (!created.ok()) return created.status();
  const std::string hash = created->record.hash;

  request.attributes.type = SessionTypeName(type);
  CommerceTerms terms;
  terms.type = type;
  terms.amount = *amount;
  terms.currency = session_currency;
  terms.campaigns = std::move(request.campaigns);
  GeneratedSessionSecret secret;
  if (IsInteractive(type)) {
    secret = GenerateSessionSecret();
    terms.secret_hash = secret.hash;
  }
  Status stored = attributes_->Put(hash, request.attributes);
  if (stored.ok()) stored = commerce_->Put(hash, terms);
  if (!stored.ok()) {
    // As RestSessions::Create: the caller never learns this session, so it is
    // ended at once (best effort; otherwise it runs out with its TTL).
    (void)lifecycle_->Withdraw(*form, hash);
    return stored;
  }
  CommerceAnswer answer;
  answer.session = RestSessionResult{std::move(*created), form, std::move(request.attributes), std::nullopt};
  ShowCommerce(&answer.session, CommerceView{std::move(terms), {}});
  if (IsInteractive(type)) {
    answer.secret = std::move(secret.secret);
    answer.available = std::move(available);
  }
  return answer;
}

Status CommerceSessions::AuthorizeSecret(const std::string& id, const std::string& secret) {
  const Status forbidden = Status::Forbidden("this session secret may not do this");
  Result<CommerceTerms> terms = commerce_->Get(id);
  if (!terms.ok()) return terms.status().Is(Status::Code::kNotFound) ? forbidden : terms.status();
  if (!IsInteractive(terms->type) || !SessionSecretMatches(secret, terms->secret_hash)) return forbidden;
  return Status::OK();
}

Result<CommerceAnswer> CommerceSessions::Run(const std::string& id, const CommerceDecision& decide) {
  return RetryOnConflict([&]() -> Result<CommerceAnswer> {
    Result<SessionRecord> found = FindSession(*store_, *forms_, id);
    if (!found.ok()) return found.status();
    const Form* form = forms_->FindById(found->form_id);
    if (!form) return Status::Internal("the form of this session is no longer configured: " + found->form_id);
    Result<SessionAttributes> attributes = attributes_->Get(id);
    if (!attributes.ok()) return attributes.status();
    // Read after the record: a write in between moves the version, so the
    // compare-and-set below fails and the loop starts over.
    Result<CommerceTerms> terms = commerce_->Get(id);
    CommerceAnswer answer;
    if (terms.status().Is(Status::Code::kNotFound)) {
      answer.refused = CommerceRefusal{Reason::kWrongType, {"this is a " + attributes->type + " session"}};
      return answer;
    }
    if (!terms.ok()) return terms.status();

    const TimePoint now = now_();
    SessionRecord record = std::move(*found);
    record.state = EffectiveState(record, now);
    std::vector<DonationIntent> intents;
    Result<bool> write = decide(&record, &*terms, &intents, &answer.refused, now);
    if (!write.ok()) return write.status();
    if (answer.refused) return answer;
    if (*write) {
      record.updated_at = now;
      Status written = commerce_->Write(&record, *terms, &intents);
      // A second intent for the same (session, campaign): someone else's confirm
      // won; the next read finds the session completed.
      if (written.Is(Status::Code::kAlreadyExists)) return Status::Conflict("session confirmed concurrently");
      if (!written.ok()) return written;
    }
    Result<std::vector<DonationIntent>> donations = commerce_->DonationsOf(id);
    if (!donations.ok()) return donations.status();
    answer.session = RestSessionResult{ViewOf(*form, std::move(record), now), form, std::move(*attributes), std::nullopt};
    ShowCommerce(&answer.session, CommerceView{std::move(*terms), std::move(*donations)});
    return answer;
  });
}

Result<CommerceAnswer> CommerceSessions::ChooseCampaign(const std::string& id, const std::string& campaign) {
  return Run(id, [&](SessionRecord* record, CommerceTerms* terms, std::vector<DonationIntent>*,
                     std::optional<CommerceRefusal>* refused, TimePoint) -> Result<bool> {
    if (!IsInteractive(terms->type)) {
      *refused = CommerceRefusal{Reason::kWrongType,
                                 {std::string("a ") + SessionTypeName(terms->type) +
                                  " session takes allocations, not a choice"}};
      return false;
    }
    Result<bool> allowed = ApplyTransition(SessionAction::kEdit, record);
    if (!allowed.ok()) return allowed.status();
    if (std::find(terms->campaigns.begin(), terms->campaigns.end(), campaign) == terms->campaigns.end()) {
      *refused = CommerceRefusal{Reason::kCampaignNotAvailable, {"campaign " + campaign + " is not offered by this session"}};
      return false;
    }
    if (terms->chosen == campaign) return false;
    terms->chosen = campaign;
    return true;
  });
}

Result<CommerceAnswer> CommerceSessions::SetAllocations(const std::string& id,
                                                        const std::vector<AllocationInput>& inputs) {
  return Run(id, [&](SessionRecord* record, CommerceTerms* terms, std::vector<DonationIntent>*,
                     std::optional<CommerceRefusal>* refused, TimePoint) -> Result<bool> {
    if (terms->type != SessionType::kPortionOfSales) {
      *refused = CommerceRefusal{Reason::kWrongType,
                                 {std::string("a ") + SessionTypeName(terms->type) +
                                  " session takes a choice (choose-campaign), not allocations"}};
      return false;
    }
    Result<bool> allowed = ApplyTransition(SessionAction::kEdit, record);
    if (!allowed.ok()) return allowed.status();
    if (inputs.empty()) {
      *refused = CommerceRefusal{Reason::kAllocationsRequired, {"allocations lists no campaign"}};
      return false;
    }
    std::vector<std::string> problems;
    std::vector<Allocation> allocations;
    std::set<std::string> seen;
    int64_t sum = 0;
    for (size_t i = 0; i < inputs.size(); ++i) {
      const AllocationInput& in = inputs[i];
      const std::string at = "allocations[" + std::to_string(i) + "]";
      if (std::find(terms->campaigns.begin(), terms->campaigns.end(), in.campaign) == terms->campaigns.end()) {
        problems.push_back(at + ": campaign " + in.campaign + " is not one of this session's campaigns");
      } else if (!seen.insert(in.campaign).second) {
        problems.push_back(at + ": campaign " + in.campaign + " is allocated twice");
      }
      if (in.currency && Upper(*in.currency) != terms->currency) {
        problems.push_back(at + ": currency " + *in.currency + " is not the session's currency " + terms->currency);
      }
      const std::optional<int64_t> amount = ParsePositiveAmount(in.amount);
      if (!amount) {
        problems.push_back(at + ": amount must be a positive decimal such as \"1.50\"");
      } else {
        sum += *amount;  // each below 10^14 (12 integer digits), at most 100: no overflow
        allocations.push_back(Allocation{in.campaign, *amount});
      }
    }
    if (problems.empty() && sum != terms->amount) {
      problems.push_back("the allocations add up to " + FormatCents(sum) + ", the session's amount is " +
                         FormatCents(terms->amount));
    }
    if (!problems.empty()) {
      *refused = CommerceRefusal{Reason::kInvalidAllocations, std::move(problems)};
      return false;
    }
    if (terms->allocations == allocations) return false;
    terms->allocations = std::move(allocations);
    return true;
  });
}

Result<CommerceAnswer> CommerceSessions::Confirm(const std::string& id, IncompleteSession* incomplete) {
  Result<SessionAttributes> attributes = attributes_->Get(id);
  if (!attributes.ok()) return attributes.status();
  SessionType type;
  if (!ParseSessionType(attributes->type, &type) || !IsCommerce(type)) {
    Result<RestSessionResult> confirmed = rest_->Confirm(id, incomplete);
    if (!confirmed.ok()) return confirmed.status();
    CommerceAnswer answer;
    answer.session = std::move(*confirmed);
    return answer;
  }
  return Run(id, [&](SessionRecord* record, CommerceTerms* terms, std::vector<DonationIntent>* intents,
                     std::optional<CommerceRefusal>* refused, TimePoint now) -> Result<bool> {
    const TransitionRule rule = RuleFor(SessionAction::kConfirm, record->state);
    if (rule.verdict == Verdict::kRefuse) return RefusalFor(record->state);
    if (rule.verdict == Verdict::kNothingToDo) return false;  // completed: answered as it is
    std::vector<Allocation> owed;
    if (IsInteractive(terms->type)) {
      if (!terms->chosen) {
        *refused = CommerceRefusal{Reason::kCampaignRequired, {"no campaign has been chosen yet"}};
        return false;
      }
      owed.push_back(Allocation{*terms->chosen, terms->amount});
    } else {
      if (terms->allocations.empty()) {
        *refused = CommerceRefusal{Reason::kAllocationsRequired, {"no allocations have been set yet"}};
        return false;
      }
      owed = terms->allocations;
    }
    Result<bool> moved = ApplyTransition(SessionAction::kConfirm, record);
    if (!moved.ok()) return moved.status();
    for (const Allocation& a : owed) {
      DonationIntent intent;
      intent.id = NewDonationId();
      intent.session_hash = record->hash;
      intent.campaign = a.campaign;
      intent.amount = a.amount;
      intent.currency = terms->currency;
      intent.sandbox = record->sandbox;
      intent.created_at = now;
      intents->push_back(std::move(intent));
    }
    return true;
  });
}

Result<KeysetPage<DonationIntent>> CommerceSessions::ListDonations(const DonationFilter& filter, ListOrder direction,
                                                                   const std::optional<SessionCursor>& cursor,
                                                                   int page_size) {
  KeysetSource<DonationIntent> source;
  source.scan = [&](ListOrder order, std::optional<int64_t> after_id, int limit) {
    return commerce_->ScanDonations(filter, order, after_id, limit);
  };
  source.count = [&] { return commerce_->CountDonations(filter); };
  source.row_id = [](const DonationIntent& d) { return d.row_id; };
  return ListKeysetPage(source, direction, cursor, page_size);
}

}  // namespace prefill
