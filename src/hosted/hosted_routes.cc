#include "hosted/hosted_routes.h"

#include <kainjow/mustache.hpp>

#include <optional>

#include "hosted/country_names.h"
#include "hosted/demo_shop.h"
#include "hosted/embedded_assets.h"
#include "hosted/hosted_payment.h"
#include "hosted/form_page.h"
#include "hosted/locale_format.h"
#include "hosted/page_security.h"
#include "hosted/page_texts.h"
#include "http/form_api_wire.h"
#include "http/request_decoding.h"
#include "session/session_merge.h"

namespace prefill {
namespace {

// The page's form and the session named by fbSessionHash, in the state the page shows.
struct PageContext {
  FormLookup lookup;
  std::string form_hash;
  FormPageState state = FormPageState::kForm;
  std::optional<SessionView> session;
};

HttpResponse MessagePage(int status, const std::string& language, const std::string& title,
                         const std::string& message, const std::string& frame_ancestors) {
  kainjow::mustache::data d;
  d.set("lang", language);
  d.set("title", title);
  d.set("message", message);
  d.set("state", "error");
  kainjow::mustache::mustache tmpl{std::string(EmbeddedAsset("src/hosted/templates/message_page.mustache"))};
  HttpResponse response;
  response.status = status;
  response.body = tmpl.render(d);
  SetHtmlPageHeaders(response, frame_ancestors);
  return response;
}

// The HTML answer for a numbered error on a page request: the text, status
// and Retry-After of the form API's numbered error, as a page.
HttpResponse ErrorPage(int code) {
  const NumberedErrorInfo info = NumberedErrorOf(code);
  HttpResponse page = MessagePage(info.http_status, "en", "Prefill", info.text, "'none'");
  if (info.retry_after) page.SetHeader("Retry-After", "1");
  return page;
}

// Resolves the form of the path and, when `session_hash` is given, its session.
// A numbered error code when the page cannot be shown at all.
std::variant<PageContext, int> LoadPage(const FormRegistry& forms, SessionService& sessions,
                                        const std::string& form_hash, const std::string& session_hash) {
  PageContext page;
  page.form_hash = form_hash;
  page.lookup = forms.FindByHash(form_hash);
  if (!page.lookup) return 106;
  if (!page.lookup.form->active) return 103;
  if (session_hash.empty()) return page;
  auto found = sessions.Inspect(page.lookup, session_hash);
  if (!found.ok()) {
    if (found.status().code() == Status::Code::kNotFound) {
      page.state = FormPageState::kNotFound;
      return page;
    }
    return NumberedErrorFor(found.status());
  }
  switch (found.value().record.state) {
    case SessionState::kOpen: page.state = FormPageState::kForm; break;
    case SessionState::kProcessing: page.state = FormPageState::kProcessing; break;
    case SessionState::kCompleted: page.state = FormPageState::kThankYou; break;
    case SessionState::kExpired: page.state = FormPageState::kExpired; break;
  }
  page.session = std::move(found.value());
  return page;
}

// What every hosted request shares: the session core, the payment lookup and
// the page's language (?lang=).
struct PageEnv {
  SessionService& sessions;
  const HostedPaymentLookup& confirmed_payment;
  std::string lang;  // the raw ?lang= value; resolved against the form by PageLanguage
  std::function<std::string(const Form&)> stripe_key = nullptr;
};

// What the page routes share, from HostedRoutesOptions.
struct PageHooks {
  HostedPaymentLookup confirmed_payment;
  std::function<std::string(const Form&)> stripe_key;
};

std::string LangParam(const DecodedParams& params) { return params.ValueOf("lang"); }

FormPageInput PageInput(const PageContext& page, const PageEnv& env) {
  FormPageInput input;
  input.form = page.lookup.form;
  input.form_hash = page.form_hash;
  input.sandbox = page.lookup.sandbox;
  input.state = page.state;
  input.session = page.session ? &*page.session : nullptr;
  input.today = UtcDate(env.sessions.Now());
  input.language = PageLanguage(input.form->language(), env.lang);
  if (!input.sandbox && env.stripe_key) input.stripe_publishable_key = env.stripe_key(*input.form);
  if (page.state == FormPageState::kThankYou && page.session && env.confirmed_payment) {
    input.payment = env.confirmed_payment(page.session->record.hash);
  }
  return input;
}

HttpResponse PageAnswer(const FormPageInput& input) {
  HttpResponse response;
  response.body = RenderFormPage(input);
  SetHtmlPageHeaders(response, FrameAncestors(*input.form), !input.stripe_publishable_key.empty());
  return response;
}

std::string SessionHashParam(const DecodedParams& params) { return params.ValueOf("fbSessionHash"); }

HttpResponse ShowPage(const HttpRequest& request, const PathParams& path, const FormRegistry& forms,
                      SessionService& sessions, const PageHooks& hooks) {
  auto params = DecodeParams(request);
  if (!params.ok()) return ErrorPage(NumberedErrorFor(params.status()));
  PageEnv env{sessions, hooks.confirmed_payment, LangParam(params.value()), hooks.stripe_key};
  auto loaded = LoadPage(forms, sessions, path.at("hash"), SessionHashParam(params.value()));
  if (auto* code = std::get_if<int>(&loaded)) return ErrorPage(*code);
  return PageAnswer(PageInput(std::get<PageContext>(loaded), env));
}

// What a form submitted empty lacks, without storing anything: a session
// with no values, evaluated (hash empty, never stored). The donor sees every
// required field flagged instead of a numbered error.
SessionView UnsavedEmptySession(const Form& form, bool sandbox, SessionService& sessions) {
  SessionView view;
  view.record.form_id = form.id;
  view.record.sandbox = sandbox;
  view.complete = EvaluateSession(form, view.record, UtcDate(sessions.Now()), {}, &view.errors);
  return view;
}

// The amount of a page posted without JavaScript: a chosen suggestion
// (amount_choice) wins over the text box, "other" leaves the text box's.
void ApplyAmountChoice(const DecodedParams& params, std::vector<FieldInput>& inputs) {
  const std::string* choice = params.Get("amount_choice");
  if (choice == nullptr || choice->empty() || *choice == "other") return;
  for (FieldInput& input : inputs) {
    if (input.field == "amount" && !input.fix) {
      input.value = *choice;
      return;
    }
  }
  inputs.push_back({"amount", *choice, false});
}

// The form posted without JavaScript: save, pay when complete, show the outcome.
HttpResponse SubmitPage(const HttpRequest& request, const PathParams& path, const FormRegistry& forms,
                        SessionService& sessions, const HostedPayFunction& pay,
                        const PageHooks& hooks) {
  auto params = DecodeParams(request);
  if (!params.ok()) return ErrorPage(NumberedErrorFor(params.status()));
  PageEnv env{sessions, hooks.confirmed_payment, LangParam(params.value()), hooks.stripe_key};
  std::string session_hash = SessionHashParam(params.value());
  auto loaded = LoadPage(forms, sessions, path.at("hash"), session_hash);
  if (auto* code = std::get_if<int>(&loaded)) return ErrorPage(*code);
  PageContext page = std::move(std::get<PageContext>(loaded));
  if (page.state != FormPageState::kForm && page.state != FormPageState::kNotFound) {
    return PageAnswer(PageInput(page, env));
  }
  const Form& form = *page.lookup.form;
  const std::string language = PageLanguage(form.language(), env.lang);
  std::vector<FieldInput> posted = FieldInputsFromParams(params.value());
  ApplyAmountChoice(params.value(), posted);
  std::vector<FieldInput> inputs;
  for (FieldInput& input : posted) {
    // A browser sends every control, also empty ones of fields never filled in
    // (which would only wake the validation of their field groups) and locked or
    // untouched ones with their stored value (which the core accepts unchanged).
    // The page never offers `_fix`.
    if (input.fix) continue;
    const bool stored = page.session && page.session->record.values.count(input.field) > 0;
    if (input.value.empty() && !stored) continue;
    inputs.push_back(std::move(input));
  }
  FormPageInput input = PageInput(page, env);
  if (!page.session && inputs.empty()) {
    // Nothing filled in yet: no session to make, the page asks for values.
    SessionView empty = UnsavedEmptySession(form, page.lookup.sandbox, sessions);
    input.session = &empty;
    input.show_field_errors = true;
    input.global_errors.push_back(PageText(language, "fix_errors"));
    return PageAnswer(input);
  }
  Result<SessionView> saved = page.session
                                  ? sessions.Update(page.lookup, page.session->record.hash, inputs, Authority::kForm)
                                  : sessions.Create(form, page.lookup.sandbox, inputs, Authority::kForm);
  if (!saved.ok()) return ErrorPage(NumberedErrorFor(saved.status()));
  page.session = std::move(saved.value());
  page.state = FormPageState::kForm;
  input = PageInput(page, env);
  input.show_field_errors = true;
  if (!page.session->complete) {
    input.global_errors.push_back(PageText(language, "fix_errors"));
    return PageAnswer(input);
  }
  if (!pay) return ErrorPage(101);
  Result<HostedPayment> paid = pay({form, page.form_hash, page.session->record.hash, request.client_ip, env.lang, page.lookup.sandbox});
  if (!paid.ok()) {
    // The session moved on between the save and the payment (paid or locked
    // elsewhere, expired): the error's text beside the form, as before.
    input.global_errors.push_back(NumberedErrorOf(NumberedErrorFor(paid.status())).text);
    return PageAnswer(input);
  }
  if (paid->throttled) {
    input.global_errors.push_back(NumberedErrorOf(109).text);
    return PageAnswer(input);
  }
  switch (paid->result.kind) {
    case PaymentResult::Kind::kAwaiting:
      if (!paid->redirect_url.empty()) {
        HttpResponse redirect;
        redirect.status = 303;
        redirect.SetHeader("Location", paid->redirect_url);
        redirect.SetHeader("Cache-Control", "no-store");
        redirect.SetHeader("Referrer-Policy", "no-referrer");
        return redirect;
      }
      break;
    case PaymentResult::Kind::kConfirmed:
      page.state = FormPageState::kThankYou;
      input = PageInput(page, env);
      return PageAnswer(input);
    case PaymentResult::Kind::kIncomplete:
      input.global_errors.push_back(NumberedErrorOf(201).text);
      return PageAnswer(input);
    case PaymentResult::Kind::kError:
      break;
  }
  input.global_errors = paid->result.errors.globals;
  return PageAnswer(input);
}

// Decodes a JSON endpoint's request and resolves the form of the path.
std::variant<std::pair<DecodedParams, FormLookup>, HttpResponse> ResolveEndpoint(const HttpRequest& request,
                                                                                 const PathParams& path,
                                                                                 const FormRegistry& forms) {
  auto params = DecodeParams(request);
  if (!params.ok()) return NumberedError(NumberedErrorFor(params.status()));
  FormLookup lookup = forms.FindByHash(path.at("hash"));
  if (!lookup) return NumberedError(106);
  if (!lookup.form->active) return NumberedError(103);
  return std::make_pair(std::move(params.value()), lookup);
}

HttpResponse PageData(const HttpRequest& request, const PathParams& path, const FormRegistry& forms,
                      SessionService& sessions, const PageHooks& hooks) {
  auto params = DecodeParams(request);
  if (!params.ok()) return NumberedError(NumberedErrorFor(params.status()));
  PageEnv env{sessions, hooks.confirmed_payment, LangParam(params.value()), hooks.stripe_key};
  auto loaded = LoadPage(forms, sessions, path.at("hash"), SessionHashParam(params.value()));
  if (auto* code = std::get_if<int>(&loaded)) return NumberedError(*code);
  const PageContext& page = std::get<PageContext>(loaded);
  HttpResponse response = HttpResponse::Json(200, FormPageDataJson(PageInput(page, env)));
  SetJsonEndpointHeaders(response, page.lookup.form, request);
  return response;
}

HttpResponse SaveSession(const HttpRequest& request, const PathParams& path, const FormRegistry& forms,
                         SessionService& sessions) {
  auto resolved = ResolveEndpoint(request, path, forms);
  if (auto* error = std::get_if<HttpResponse>(&resolved)) return *error;
  auto& [params, lookup] = std::get<0>(resolved);
  const Form& form = *lookup.form;
  std::vector<FieldInput> inputs = FieldInputsFromParams(params);
  std::string session_hash = SessionHashParam(params);
  Result<SessionView> result = Status::Internal("unset");
  if (session_hash.empty()) {
    // The page's first submit with nothing filled in: what is missing, nothing stored.
    result = inputs.empty() ? Result<SessionView>(UnsavedEmptySession(form, lookup.sandbox, sessions))
                            : sessions.Create(form, lookup.sandbox, inputs, Authority::kForm);
  } else if (inputs.empty()) {
    result = sessions.Read(lookup, session_hash);
  } else {
    result = sessions.Update(lookup, session_hash, inputs, Authority::kForm);
  }
  const std::string language = PageLanguage(form.language(), LangParam(params));
  HttpResponse response = result.ok() ? SessionAnswer(result.value(), form, language)
                                      : NumberedError(NumberedErrorFor(result.status()));
  SetJsonEndpointHeaders(response, &form, request);
  return response;
}

HttpResponse Pay(const HttpRequest& request, const PathParams& path, const FormRegistry& forms,
                 const HostedPayFunction& pay) {
  auto resolved = ResolveEndpoint(request, path, forms);
  if (auto* error = std::get_if<HttpResponse>(&resolved)) return *error;
  auto& [params, lookup] = std::get<0>(resolved);
  std::string session_hash = SessionHashParam(params);
  HttpResponse response;
  if (session_hash.empty()) {
    response = NumberedError(203);
  } else if (!pay) {
    response = NumberedError(101);
  } else {
    response = HostedPaymentAnswer(pay({*lookup.form, path.at("hash"), session_hash, request.client_ip, LangParam(params), lookup.sandbox}), *lookup.form);
  }
  SetJsonEndpointHeaders(response, lookup.form, request);
  return response;
}

HttpResponse StaticAsset(const char* name, const char* content_type) {
  HttpResponse response;
  response.body = std::string(EmbeddedAsset(name));
  response.SetHeader("Content-Type", content_type);
  response.SetHeader("X-Content-Type-Options", "nosniff");
  response.SetHeader("Cache-Control", "public, max-age=300");
  response.SetHeader("Access-Control-Allow-Origin", "*");
  return response;
}

}  // namespace

void RegisterHostedRoutes(Router& router, const FormRegistry& forms, SessionService& sessions,
                          HostedRoutesOptions options) {
  auto pay = std::make_shared<HostedPayFunction>(std::move(options.pay));
  auto lookup = std::make_shared<PageHooks>(
      PageHooks{std::move(options.confirmed_payment), std::move(options.stripe_publishable_key)});
  // Country names are read now, not by the first donor's request.
  std::vector<std::string> languages = {"de", "en"};
  for (const Form& form : forms.forms()) languages.push_back(form.language());
  CountryNames::Shared().Warm(languages);
  router.Add("GET", "/form/:hash", [&forms, &sessions, lookup](const HttpRequest& r, const PathParams& p) {
    return ShowPage(r, p, forms, sessions, *lookup);
  });
  router.Add("POST", "/form/:hash", [&forms, &sessions, pay, lookup](const HttpRequest& r, const PathParams& p) {
    return SubmitPage(r, p, forms, sessions, *pay, *lookup);
  });
  router.Add("GET", "/form/:hash/data", [&forms, &sessions, lookup](const HttpRequest& r, const PathParams& p) {
    return PageData(r, p, forms, sessions, *lookup);
  });
  router.Add("POST", "/form/:hash/session", [&forms, &sessions](const HttpRequest& r, const PathParams& p) {
    return SaveSession(r, p, forms, sessions);
  });
  router.Add("POST", "/form/:hash/payment", [&forms, pay](const HttpRequest& r, const PathParams& p) {
    return Pay(r, p, forms, *pay);
  });
  router.Add("GET", "/static/prefill.js", [](const HttpRequest&, const PathParams&) {
    return StaticAsset("src/hosted/static/prefill.js", "application/javascript; charset=utf-8");
  }, Execution::kInline);
  router.Add("GET", "/static/prefill-stripe.js", [](const HttpRequest&, const PathParams&) {
    return StaticAsset("src/hosted/static/prefill-stripe.js", "application/javascript; charset=utf-8");
  });
  router.Add("GET", "/static/prefill.css", [](const HttpRequest&, const PathParams&) {
    return StaticAsset("src/hosted/static/prefill.css", "text/css; charset=utf-8");
  }, Execution::kInline);
  if (!options.demo_shop_form_hash.empty()) {
    RegisterDemoShopRoutes(router, forms, sessions, options.demo_shop_form_hash);
  }
}

}  // namespace prefill
