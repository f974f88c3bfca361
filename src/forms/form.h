// Form: one donation purpose, as loaded from a forms/*.json file (SPEC section 1).
//
// Immutable after loading; shared read-only by all request threads.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "validators/form_rules.h"

namespace prefill {

struct FormField {
  std::string name;
  std::map<std::string, std::string> label;  // language -> text
  std::string type;                          // HTML input type: text, email, select, hidden, ...
  std::vector<std::pair<std::string, std::string>> options;  // key -> shown value, in file order

  // The label in `language`: the exact tag ("de-DE"), else its primary subtag ("de"),
  // else English, else any label, else the field name.
  std::string LabelFor(std::string_view language) const {
    if (auto it = label.find(std::string(language)); it != label.end()) return it->second;
    std::string primary(language.substr(0, language.find('-')));
    if (auto it = label.find(primary); it != label.end()) return it->second;
    if (auto it = label.find("en"); it != label.end()) return it->second;
    if (!label.empty()) return label.begin()->second;
    return name;
  }
};

struct FormItem {
  std::string id;
  std::string name;
  std::string min_amount;  // canonical decimal string, e.g. "5.00"
  bool visible = true;
};

// The SEPA creditor of a form's live direct debits (SPEC 1 `sepa`, 5.2),
// checked by the loader: a valid creditor id (canonical), a valid IBAN of a
// SEPA country, texts already in the SEPA character set.
struct SepaCreditorConfig {
  std::string creditor_name;    // SEPA text, <= 70
  std::string creditor_id;      // canonical, e.g. "DE98ZZZ09999999999"
  std::string iban;             // canonical
  std::string bic;              // canonical; empty: not given
  int lead_days = 2;            // calendar days from the mandate to the first due date
  std::string remittance_text;  // SEPA text, <= 140; empty: the form's name
};

// The account donors transfer to (SPEC 1 `bank_transfer`, 5.4).
struct BankTransferAccount {
  std::string account_holder;
  std::string iban;  // canonical
  std::string bic;   // canonical; empty: not given
};

// How long a session lives, in minutes: a form's `session_ttl_minutes` and a
// REST create's `expiresIn` (SPEC 1, 7) both lie in these bounds; a form
// without the key uses the maximum.
inline constexpr int kMinSessionTtlMinutes = 15;
inline constexpr int kMaxSessionTtlMinutes = 1440;

struct Form {
  std::string id;
  std::string name;
  std::string hash;          // public live hash
  std::string sandbox_hash;  // empty: none
  bool active = true;
  bool api_enabled = true;
  int session_ttl_minutes = kMaxSessionTtlMinutes;
  std::vector<std::string> amount_suggestions;  // canonical decimal strings, for display
  std::string amount_min = "1.00";
  std::string amount_max;  // empty: none
  std::vector<FormItem> items;
  std::vector<std::string> allowed_embed_origins;  // empty: any
  // Origins a payment may redirect the donor to and a REST session may store
  // as its successUrl (forms/redirect_target.h); the key's default is
  // allowed_embed_origins. Empty: no redirect target is allowed.
  std::vector<std::string> allowed_redirect_origins;
  // Payment method (credit_card, paypal) -> name of a processor account of the
  // server's processors file (SPEC 5.3); checked against that file at start.
  std::map<std::string, std::string> live_processors;
  std::vector<FormField> fields;                   // in file order, for rendering
  validators::FormRules rules;                     // language, currency, amount, intervals, methods, field rules
  std::optional<SepaCreditorConfig> sepa;           // none: live SEPA direct debit refused
  std::optional<BankTransferAccount> bank_transfer;  // none: live bank transfer refused

  const std::string& language() const { return rules.language; }

  // The field called `name`, or nullptr when the form does not use it.
  const FormField* FindField(std::string_view name) const {
    for (const FormField& f : fields) {
      if (f.name == name) return &f;
    }
    return nullptr;
  }
  const std::string& currency() const { return rules.currency; }
};

}  // namespace prefill
