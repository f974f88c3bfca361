// The `pattern` of a custom field validator: the whole value must match.
//
// Patterns are run with ICU's regex engine, not std::regex: ICU matches without native
// recursion (std::regex can overflow the stack on a 64 KiB hidden value) and supports
// a time limit, so a pathological pattern cannot hang a request. ICU syntax is a
// superset of the ECMAScript constructs form authors use (classes, quantifiers,
// groups, alternation, anchors, \d \w \s). The pattern is compiled per call: there is
// no cache because validators keep no mutable state.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace prefill::validators {

enum class PatternResult { kMatch, kNoMatch, kBadPattern };

PatternResult MatchWholeValue(std::string_view pattern, std::string_view value);

// Why ICU refuses `pattern` ("U_REGEX_MISMATCHED_PAREN at offset 5"), or nothing when
// it compiles. The form loader reports this, so the engine that runs a pattern is the
// only one that judges it (no second engine whose own limits could crash a check).
std::optional<std::string> PatternProblem(std::string_view pattern);

}  // namespace prefill::validators
