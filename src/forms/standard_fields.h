// The standard fields of SPEC section 1 as the form loader and renderers see them
// (their facts - input type, labels, ... - are the registry's,
// validators/field_registry.h), plus the default display options of the fields
// whose values come from a fixed list.
//
// Labels are used when a form file gives none, so the hosted page and /forms/config
// always have something to show.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "validators/field_registry.h"

namespace prefill {

using StandardFieldInfo = validators::StandardFieldSpec;

// Every standard field, in the order of SPEC section 1.
inline const std::vector<StandardFieldInfo>& StandardFields() { return validators::StandardFieldSpecs(); }

// The entry for `name`, or nullptr for a custom field.
inline const StandardFieldInfo* FindStandardField(std::string_view name) {
  return validators::FindStandardFieldSpec(name);
}

// Display options (key -> text in `language`: German for "de", "de-DE", ..., else English).
using DisplayOptions = std::vector<std::pair<std::string, std::string>>;
DisplayOptions DefaultSalutationOptions(std::string_view language);
DisplayOptions DefaultReceiptOptions(std::string_view language);
std::string IntervalLabel(const std::string& interval, std::string_view language);     // "0" -> "one-off"
std::string PaymentMethodLabel(const std::string& method, std::string_view language);  // "paypal" -> "PayPal"

// True when `language` has German as its primary subtag.
bool IsGerman(std::string_view language);

}  // namespace prefill
