// Shared helpers for the validators tests: a form, a session and a fixed "today".
#pragma once

#include <string>

#include <gtest/gtest.h>

#include "validators/validation.h"

namespace prefill::validators::testing {

inline constexpr CivilDate kToday{2025, 6, 15};

// Holds the rules and values a ValidationContext refers to.
struct Session {
  FormRules rules;
  ValueMap values;
  CivilDate today = kToday;

  ValidationContext Context() const { return ValidationContext{rules, values, today}; }
  FieldOutcome Validate(const std::string& field, std::string_view raw) const {
    return ValidateField(Context(), field, raw);
  }
  std::map<std::string, ValidationError> Check() const { return CheckSession(Context()); }
};

inline ::testing::AssertionResult IsValidAs(const FieldOutcome& outcome, const std::string& expected) {
  if (!outcome.ok()) {
    return ::testing::AssertionFailure() << "invalid, message: " << Message(outcome.error(), "en");
  }
  if (outcome.value() != expected) {
    return ::testing::AssertionFailure() << "canonical \"" << outcome.value() << "\" != \"" << expected << "\"";
  }
  return ::testing::AssertionSuccess();
}

inline ::testing::AssertionResult IsError(const FieldOutcome& outcome, MessageId id) {
  if (outcome.ok()) return ::testing::AssertionFailure() << "accepted as \"" << outcome.value() << "\"";
  if (outcome.error().id != id) {
    return ::testing::AssertionFailure() << "wrong error: " << Message(outcome.error(), "en") << " (id "
                                         << static_cast<int>(outcome.error().id) << ", want "
                                         << static_cast<int>(id) << ")";
  }
  return ::testing::AssertionSuccess();
}

}  // namespace prefill::validators::testing
