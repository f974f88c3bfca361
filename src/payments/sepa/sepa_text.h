// The SEPA character set and the texts that must fit it (SPEC 5.2; EPC SDD
// Core rulebook 4.8 / EPC217-08 "SEPA Requirements for an Extended Character
// Set": the Latin set every bank must accept is a-z A-Z 0-9 / - ? : ( ) . , ' +
// and space).
//
// Transliteration turns names donors type into that set: German umlauts and
// sharp s expand (ä -> ae, ß -> ss: `Zoë Müller` -> `Zoe Mueller`), other Latin
// letters with diacritics lose them (é -> e, ł -> l), typographic quotes and
// dashes become ' and -, & becomes + (a Prefill decision, docs/sepa.md).
// Anything else (Cyrillic, Greek, CJK, emoji, @, _, ...) is refused with the
// character named, never dropped silently: a name the bank cannot carry is
// the donor's to correct.
//
// Pure and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.h"

namespace prefill::sepa {

inline constexpr size_t kMaxNameLength = 70;        // EPC rulebook: names of debtor and creditor
inline constexpr size_t kMaxRemittanceLength = 140;  // unstructured remittance information

bool IsSepaChar(char c);
// True if every byte of `s` is in the SEPA set (so `s` is ASCII).
bool IsSepaText(std::string_view s);

// `utf8` in the SEPA set (see above), runs of white space made one space and
// trimmed. `expand` false folds umlauts to one letter too (ä -> a) for texts
// that would otherwise be too long. InvalidArgument naming the first
// character that has no SEPA form, or for invalid UTF-8.
Result<std::string> ToSepaText(std::string_view utf8, bool expand = true);

// A name for a pain.008 Nm element: ToSepaText, at most kMaxNameLength
// characters. A name that fits only without the umlaut expansion is folded;
// one that does not fit even so is InvalidArgument (never cut: a shortened
// debtor name may not match the account holder's). Empty is InvalidArgument.
Result<std::string> ToSepaName(std::string_view utf8);

// `text` cut to at most `max` characters (for remittance information, where
// cutting loses nothing the bank needs).
std::string CutSepaText(std::string_view sepa_text, size_t max);

}  // namespace prefill::sepa
