#include "rest/rest_sessions.h"

#include <algorithm>
#include <cctype>

namespace prefill {

void ShowCommerce(RestSessionResult* result, CommerceView commerce) {
  result->view.complete = IsConfirmable(commerce.terms);
  result->view.errors = SessionErrors();
  result->commerce = std::move(commerce);
}

RestSessions::RestSessions(const FormRegistry* forms, SessionService* sessions, SessionLifecycle* lifecycle,
                           SessionAttributesStore* attributes, CommerceStore* commerce)
    : forms_(forms), sessions_(sessions), lifecycle_(lifecycle), attributes_(attributes), commerce_(commerce) {}

Result<std::optional<CommerceView>> RestSessions::CommerceOf(const std::string& hash,
                                                             const SessionAttributes& attributes) {
  SessionType type;
  if (commerce_ == nullptr || !ParseSessionType(attributes.type, &type) || !IsCommerce(type)) {
    return std::optional<CommerceView>();
  }
  Result<CommerceTerms> terms = commerce_->Get(hash);
  if (!terms.ok()) return terms.status();
  Result<std::vector<DonationIntent>> donations = commerce_->DonationsOf(hash);
  if (!donations.ok()) return donations.status();
  return std::optional<CommerceView>(CommerceView{std::move(*terms), std::move(*donations)});
}

Result<RestCreateOutcome> RestSessions::Create(RestCreateRequest request) {
  using Reason = CreateRefusal::Reason;
  auto refuse = [](Reason reason, std::string detail = "") -> Result<RestCreateOutcome> {
    RestCreateOutcome outcome;
    outcome.refused = CreateRefusal{reason, std::move(detail)};
    return outcome;
  };
  const Form* form = forms_->FindById(request.form_id);
  if (!form) return refuse(Reason::kFormNotFound, request.form_id);
  if (!form->active) return refuse(Reason::kFormInactive);
  std::string& currency = request.attributes.currency;
  std::transform(currency.begin(), currency.end(), currency.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  if (!currency.empty() && currency != form->currency()) {
    return refuse(Reason::kCurrencyMismatch, form->currency());
  }
  if (request.sandbox && form->sandbox_hash.empty()) return refuse(Reason::kNoSandbox);
  if (request.inputs.empty()) return refuse(Reason::kNoValues);

  CreateOptions options;
  options.ttl = request.ttl;
  options.metadata = std::move(request.metadata);
  Result<SessionView> created =
      sessions_->Create(*form, request.sandbox, request.inputs, Authority::kSecretKey, options);
  if (!created.ok()) return created.status();
  Status stored = attributes_->Put(created->record.hash, request.attributes);
  if (!stored.ok()) {
    (void)lifecycle_->Withdraw(*form, created->record.hash);  // see the header: best effort
    return stored;
  }
  RestCreateOutcome outcome;
  outcome.created = RestSessionResult{std::move(*created), form, std::move(request.attributes), std::nullopt};
  return outcome;
}

Result<RestSessionResult> RestSessions::Answer(Result<SessionView> view) {
  if (!view.ok()) return view.status();
  Result<SessionAttributes> attributes = attributes_->Get(view->record.hash);
  if (!attributes.ok()) return attributes.status();
  const Form* form = forms_->FindById(view->record.form_id);  // in memory; the scope resolved it already
  Result<std::optional<CommerceView>> commerce = CommerceOf(view->record.hash, *attributes);
  if (!commerce.ok()) return commerce.status();
  RestSessionResult result{std::move(*view), form, std::move(*attributes), std::nullopt};
  if (*commerce) ShowCommerce(&result, std::move(**commerce));
  return result;
}

Result<RestSessionResult> RestSessions::Retrieve(const std::string& id) {
  return Answer(lifecycle_->Inspect(*forms_, id));
}

Result<RestSessionResult> RestSessions::Process(const std::string& id, std::optional<std::chrono::minutes> extend) {
  return Answer(lifecycle_->Process(*forms_, id, extend));
}

Result<RestSessionResult> RestSessions::Confirm(const std::string& id, IncompleteSession* incomplete) {
  return Answer(lifecycle_->Confirm(*forms_, id, incomplete));
}

Result<RestSessionResult> RestSessions::Expire(const std::string& id) {
  return Answer(lifecycle_->Expire(*forms_, id));
}

Result<RestSessionResult> RestSessions::Patch(const std::string& id, const std::vector<FieldInput>& inputs,
                                              const std::optional<MetadataPatch>& metadata,
                                              std::vector<std::string>* metadata_problems) {
  if (!inputs.empty()) {
    // A commerce session (SPEC 7.1) has no form values: its money is its terms.
    Result<SessionAttributes> attributes = attributes_->Get(id);
    if (!attributes.ok()) return attributes.status();
    SessionType type;
    if (ParseSessionType(attributes->type, &type) && IsCommerce(type)) {
      return Status::InvalidArgument("a " + attributes->type + " session has no form values (values, fixedValues)");
    }
  }
  SessionLifecycle::MetadataEdit edit;
  if (metadata) {
    edit = [&](std::map<std::string, std::string>* stored) {
      Metadata next = ApplyMetadataPatch(*stored, *metadata);
      *metadata_problems = MetadataProblems(next);
      if (!metadata_problems->empty()) return Status::InvalidArgument("invalid metadata");
      *stored = std::move(next);
      return Status::OK();
    };
  }
  return Answer(lifecycle_->Patch(*forms_, id, inputs, edit));
}

}  // namespace prefill
