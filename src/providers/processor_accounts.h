// ProcessorAccounts: the server's payment provider accounts (SPEC section 5.3),
// read once at start from the processors file (`--processors FILE` /
// PREFILL_PROCESSORS), never from a form file:
//
//   { "gr-stripe": {"provider": "stripe", "secret_key": "env:GR_STRIPE_KEY",
//                   "webhook_secret": "env:GR_STRIPE_WHSEC", "publishable_key": "pk_live_...",
//                   "api_base": "https://api.stripe.com"},
//     "gr-paypal": {"provider": "paypal", "client_id": "env:GR_PP_ID",
//                   "client_secret": "env:GR_PP_SECRET", "webhook_id": "WH-...",
//                   "api_base": "https://api-m.paypal.com"} }
//
// Secret values may be written as "env:NAME" (read from the environment at
// load; an unset or empty variable is a problem naming the variable, never a
// value) or literally. They are held as Secret, which has no stream operator
// and no implicit conversion, so it cannot be logged or serialised by
// accident; only a processor building its Authorization header calls
// reveal(). Problems name the file, the JSON path and what is wrong, never a
// secret's value.
//
// Immutable after loading; shared read-only by every thread.
#pragma once

#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "forms/form.h"
#include "forms/form_problem.h"

namespace prefill {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  const std::string& reveal() const { return value_; }
  bool empty() const { return value_.empty(); }

 private:
  std::string value_;
};

enum class Provider { kStripe, kPaypal };

struct ProcessorAccount {
  std::string name;  // the key in the file; [A-Za-z0-9_-]{1,64}, used in webhook URLs
  Provider provider = Provider::kStripe;
  std::string api_base;  // https://..., or http://127.0.0.1:... for a local fake; no trailing slash
  // Stripe
  Secret secret_key;
  Secret webhook_secret;        // empty: Stripe webhooks of this account are refused
  std::string publishable_key;  // pk_...: for Stripe.js on the hosted page (not a secret)
  // PayPal
  Secret client_id;
  Secret client_secret;
  std::string webhook_id;  // empty: PayPal webhooks of this account are refused
};

// The payment method an account of `provider` takes: "credit_card" or "paypal".
const char* MethodOfProvider(Provider provider);

using EnvironmentFunction = std::function<const char*(const char*)>;

class ProcessorAccounts {
 public:
  ProcessorAccounts() = default;  // none: live card and PayPal payments are refused

  // Parses the file at `path`. Every problem is appended to *problems (with
  // `path` as the file); InvalidArgument when there was any.
  static Result<ProcessorAccounts> LoadFile(const std::string& path, std::vector<FormProblem>* problems,
                                            const EnvironmentFunction& env = ::getenv);
  // The same for JSON text (`file` names it in problems).
  static Result<ProcessorAccounts> Parse(const std::string& json, const std::string& file,
                                         std::vector<FormProblem>* problems,
                                         const EnvironmentFunction& env = ::getenv);

  const ProcessorAccount* Find(const std::string& name) const;  // nullptr when unknown
  const std::map<std::string, ProcessorAccount>& all() const { return accounts_; }
  bool empty() const { return accounts_.empty(); }

 private:
  std::map<std::string, ProcessorAccount> accounts_;
};

// Appends a problem (file = form id's file `file`, path $.live_processors.<method>)
// for every route of `form` to an account `accounts` lacks, or to an account
// of the wrong provider (credit_card needs stripe, paypal needs paypal).
void CheckLiveProcessors(const Form& form, const std::string& file, const ProcessorAccounts& accounts,
                         std::vector<FormProblem>* problems);

// Loads the processors file `path` (none when empty) and checks every form's
// live_processors against it: a form naming an account the file lacks is a
// problem, so the server refuses to start (and `prefill forms check DIR
// --processors FILE` fails). InvalidArgument with every problem appended.
Result<ProcessorAccounts> LoadAccountsForForms(const std::vector<Form>& forms, const std::string& path,
                                               std::vector<FormProblem>* problems,
                                               const EnvironmentFunction& env = ::getenv);

}  // namespace prefill
