// The standard fields of SPEC section 1 as the form loader and renderers see them:
// each one's default HTML input type and default labels (English and German), plus
// the default display options of the fields whose values come from a fixed list.
//
// Labels are used when a form file gives none, so the hosted page and /forms/config
// always have something to show. Validation rules live in validators/, not here.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace prefill {

struct StandardFieldInfo {
  const char* name;
  const char* input_type;  // text, select, radio, checkbox, ...
  const char* label_en;
  const char* label_de;
};

// Every standard field, in the order of SPEC section 1.
const std::vector<StandardFieldInfo>& StandardFields();

// The entry for `name`, or nullptr for a custom field.
const StandardFieldInfo* FindStandardField(std::string_view name);

// Display options (key -> text in `language`: German for "de", "de-DE", ..., else English).
using DisplayOptions = std::vector<std::pair<std::string, std::string>>;
DisplayOptions DefaultSalutationOptions(std::string_view language);
DisplayOptions DefaultReceiptOptions(std::string_view language);
std::string IntervalLabel(const std::string& interval, std::string_view language);     // "0" -> "one-off"
std::string PaymentMethodLabel(const std::string& method, std::string_view language);  // "paypal" -> "PayPal"

// True when `language` has German as its primary subtag.
bool IsGerman(std::string_view language);

}  // namespace prefill
