// Small helpers to build FieldOutcome values; shared by the rule files.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "validators/validation.h"

namespace prefill::validators {

inline FieldOutcome Fail(MessageId id, std::vector<std::string> args = {}) {
  return FieldOutcome::Invalid(ValidationError{id, std::move(args)});
}

inline FieldOutcome Accept(std::string canonical) { return FieldOutcome::Valid(std::move(canonical)); }

}  // namespace prefill::validators
