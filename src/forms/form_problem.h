// FormProblem: one thing wrong with a form file, as found by the loader or the registry.
//
// `file` is the path the file was read from (or the directory, for directory-level
// problems), `path` a JSON path into the file ("$.fields.basket.validator.type",
// "$.items[2].min_amount"; "$" for the whole file) and `reason` a sentence for a person.
// ToString() renders "forms/demo.json: $.fields.x.validator: custom field needs a validator".
#pragma once

#include <string>

namespace prefill {

struct FormProblem {
  std::string file;
  std::string path;
  std::string reason;

  std::string ToString() const;
};

}  // namespace prefill
