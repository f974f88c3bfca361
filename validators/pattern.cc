#include "validators/pattern.h"

#include <memory>

#include <unicode/regex.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

namespace prefill::validators {

namespace {
// ICU match-engine steps, each on the order of a millisecond; bounds a runaway pattern.
constexpr int32_t kTimeLimit = 50;
}  // namespace

PatternResult MatchWholeValue(std::string_view pattern, std::string_view value) {
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error;
  icu::UnicodeString upattern =
      icu::UnicodeString::fromUTF8(icu::StringPiece(pattern.data(), static_cast<int32_t>(pattern.size())));
  std::unique_ptr<icu::RegexPattern> compiled(icu::RegexPattern::compile(upattern, 0, parse_error, status));
  if (U_FAILURE(status)) return PatternResult::kBadPattern;
  icu::UnicodeString uvalue =
      icu::UnicodeString::fromUTF8(icu::StringPiece(value.data(), static_cast<int32_t>(value.size())));
  std::unique_ptr<icu::RegexMatcher> matcher(compiled->matcher(uvalue, status));
  if (U_FAILURE(status)) return PatternResult::kBadPattern;
  matcher->setTimeLimit(kTimeLimit, status);
  bool matched = matcher->matches(status);
  if (U_FAILURE(status)) return PatternResult::kNoMatch;  // time limit or stack limit hit
  return matched ? PatternResult::kMatch : PatternResult::kNoMatch;
}

std::optional<std::string> PatternProblem(std::string_view pattern) {
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error{};
  icu::UnicodeString upattern =
      icu::UnicodeString::fromUTF8(icu::StringPiece(pattern.data(), static_cast<int32_t>(pattern.size())));
  std::unique_ptr<icu::RegexPattern> compiled(icu::RegexPattern::compile(upattern, 0, parse_error, status));
  if (U_SUCCESS(status)) return std::nullopt;
  std::string problem = u_errorName(status);
  // ICU counts the offset in UTF-16 units of the pattern, from 0; people count characters
  // from 1. For the ASCII patterns forms use the two agree after the +1.
  if (parse_error.offset >= 0) problem += " at character " + std::to_string(parse_error.offset + 1);
  return problem;
}

}  // namespace prefill::validators
