// The `pattern` of a custom field validator: the whole value must match.
//
// Patterns are run with ICU's regex engine, not std::regex: ICU matches without native
// recursion (std::regex can overflow the stack on a 64 KiB hidden value) and supports
// a time limit, so a pathological pattern cannot hang a request. ICU syntax is a
// superset of the ECMAScript constructs form authors use (classes, quantifiers,
// groups, alternation, anchors, \d \w \s). The pattern is compiled per call: there is
// no cache because validators keep no mutable state.
#pragma once

#include <string_view>

namespace prefill::validators {

enum class PatternResult { kMatch, kNoMatch, kBadPattern };

PatternResult MatchWholeValue(std::string_view pattern, std::string_view value);

}  // namespace prefill::validators
