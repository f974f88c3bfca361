// SessionErrors: the "errors" object of a session answer (SPEC section 3, Errors JSON).
//
// current_fields: fields sent in this request (and the other members of their
//                 field groups) that are wrong or still missing;
// other_fields:   everything else that keeps the session from being complete;
// globals:        problems not tied to a form field.
//
// Field errors stay language-neutral (validators::ValidationError) until
// RenderSessionErrors turns them into text in the form's language via
// validators::Message. Globals are plain English strings on purpose: they are
// FundraisingBox-compatible, stable texts that clients match on
// ("extra form field: interval"), so they are not translated.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "validators/validation.h"

namespace prefill {

struct SessionErrors {
  std::map<std::string, validators::ValidationError> current_fields;
  std::map<std::string, validators::ValidationError> other_fields;
  std::vector<std::string> globals;

  bool empty() const { return current_fields.empty() && other_fields.empty() && globals.empty(); }
};

// The same errors as text, ready for a wire format.
struct RenderedSessionErrors {
  std::map<std::string, std::string> current_fields;
  std::map<std::string, std::string> other_fields;
  std::vector<std::string> globals;
};

RenderedSessionErrors RenderSessionErrors(const SessionErrors& errors, std::string_view language);

// The global error for a field the form does not declare (long names are cut).
std::string ExtraFormFieldError(const std::string& field);

}  // namespace prefill
