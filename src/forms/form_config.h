// The `config` object of GET /forms/config (SPEC section 3): everything a custom
// front end needs to render a form, built from a loaded Form.
//
// Shape (documented in docs/forms.md):
//   {"form_fields": [{"name", "id": "payment_<name>", "wrapper_id", "error_id", "type",
//                     "label", "labels": {lang: text}, "required", "hidden",
//                     "options": [{"key", "value"}], "validator": {...}}, ...],   // form order
//    "payment_methods": [{"key", "label"}], "intervals": [{"key", "label"}],
//    "items": [{"id", "name", "min_amount"}],            // visible items only
//    "amount": {"min", "max" (null: none), "free_amount", "suggestions"},
//    "currency", "language"}
// Labels are in the form's language. Pure: no I/O, same form -> same bytes.
#pragma once

#include <string>

#include "forms/form.h"

namespace prefill {

// The config object as compact JSON text.
std::string FormConfigJson(const Form& form);

}  // namespace prefill
