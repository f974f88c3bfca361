// LocaleFormat: how the hosted page writes money and dates in the page's
// language, and which language a page is shown in.
//
// One formatter for the whole page (HTML, the page data for prefill.js, the
// thank-you state): prefill.js never formats an amount or a date itself, it
// shows the strings made here.
//
//   FormatMoney(125000, "EUR", "de-DE") -> "1.250,00 €"    en-GB: "€1,250.00"
//   FormatDate({2026, 11, 29}, "de-DE") -> "29.11.2026"    en-GB: "29/11/2026", en-US: "11/29/2026"
//
// Money is integer minor units (cents) in, text out: no floating point
// anywhere. Prefill keeps every amount in cents (validators::Cents, two
// decimals), so two decimals are written for every currency. Between number
// and a trailing symbol ("25,00 €") or a leading code ("CHF 25.00") goes a
// no-break space (U+00A0), as CLDR and browsers' Intl.NumberFormat write it,
// so an amount never breaks across lines.
//
// Pure, no I/O, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "validators/form_rules.h"
#include "validators/validation.h"

namespace prefill {

inline constexpr char kNoBreakSpace[] = "\xC2\xA0";

// The language (BCP 47 tag) a page is shown in: `requested` (the ?lang=
// parameter) when it names a language the page has texts for (German or
// English: "de", "de-AT", "en", "EN-us", ...), else the form's language.
// A bare "de" / "en" becomes "de-DE" / "en-GB", the regions the texts are
// written for; a tag with a region keeps it (normalised: "de-at" -> "de-AT").
std::string PageLanguage(std::string_view form_language, std::string_view requested);

// `minor` (cents) of `currency` (ISO 4217) as `language` writes money.
std::string FormatMoney(validators::Cents minor, std::string_view currency, std::string_view language);

// A canonical amount ("25.00", as sessions store it) formatted as FormatMoney
// does; the text itself when it is not a canonical amount.
std::string FormatAmountText(std::string_view canonical, std::string_view currency, std::string_view language);

// `date` as `language` writes a date in numbers.
std::string FormatDate(const validators::CivilDate& date, std::string_view language);

// The region subtag of `language` upper-cased ("de-DE" -> "DE"), or "" without one.
std::string LanguageRegion(std::string_view language);

}  // namespace prefill
