// Form loader: one form file (JSON, SPEC section 1) -> one Form, checked strictly.
//
// Every problem of the file is appended to *problems (not only the first): unknown
// keys anywhere, wrong types, bad slugs and hashes, unknown validator types, custom
// fields without a validator, invalid regex patterns, bad amounts, min > max, a TTL
// out of range, unknown intervals or payment methods, malformed JSON (with offset).
// The Form is returned only when the file had no problem at all.
//
// On success the Form is complete: defaults of SPEC section 1 applied, `rules`
// filled for validators/, `fields` in file order with labels (defaults in English
// and German for standard fields without one) and display options. The format and
// the decisions taken are described in docs/forms.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "forms/currency_codes.h"
#include "forms/form.h"
#include "forms/form_problem.h"

namespace prefill {

struct FormLoadOptions {
  std::string iso_codes_dir = DefaultIsoCodesDir();  // where iso_4217.json is read
};

// Parses `json` as the content of `file` (`file` only names the problems).
// InvalidArgument when the text has problems; they are in *problems.
Result<Form> ParseForm(std::string_view json, const std::string& file, std::vector<FormProblem>* problems,
                       const FormLoadOptions& options = FormLoadOptions());

// Reads and parses the file at `path`. An unreadable file is one problem at "$".
Result<Form> LoadFormFile(const std::string& path, std::vector<FormProblem>* problems,
                          const FormLoadOptions& options = FormLoadOptions());

}  // namespace prefill
