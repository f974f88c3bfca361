// PageTexts: the fixed words of the hosted form page (buttons, headings, state
// messages) in the form's language. German for "de"/"de-*", English otherwise,
// as for the default field labels (forms/standard_fields.h).
//
// Field labels and error messages do not live here: labels come from the form,
// messages from validators::Message via RenderSessionErrors.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace prefill {

// (key, text) pairs, e.g. ("submit", "Donate now"); the same keys in every language.
using PageTexts = std::vector<std::pair<std::string, std::string>>;

const PageTexts& PageTextsFor(std::string_view language);

// The text of `key` in `language`; the key itself when unknown.
std::string PageText(std::string_view language, std::string_view key);

// `text` with every "{name}" replaced by `value` (texts such as
// "Please transfer {amount} ..." keep their word order in each language).
std::string FillText(std::string text, std::string_view name, const std::string& value);

}  // namespace prefill
