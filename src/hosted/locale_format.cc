#include "hosted/locale_format.h"
#include "validators/text.h"

#include <cctype>
#include <cstdint>

#include "forms/decimal_amount.h"
#include "forms/standard_fields.h"

namespace prefill {
namespace {

std::string PrimarySubtag(std::string_view language) { return validators::AsciiLower(language.substr(0, language.find('-'))); }

// How a currency is written: its symbol where the language has one, else the code.
struct CurrencyMark {
  std::string text;
  bool is_symbol;  // a symbol goes before the number in English, with no space
};

CurrencyMark MarkOf(std::string_view currency, bool german) {
  if (currency == "EUR") return {"€", true};
  if (currency == "GBP") return {"£", true};
  // en-GB writes "US$" to tell it from other dollars; German CLDR writes "$".
  if (currency == "USD") return {german ? "$" : "US$", true};
  return {std::string(currency), false};
}

// The digits of `value` with `separator` between every group of three.
std::string Grouped(uint64_t value, const char* separator) {
  std::string digits = std::to_string(value);
  std::string out;
  const size_t lead = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  out += digits.substr(0, lead);
  for (size_t at = lead; at < digits.size(); at += 3) {
    out += separator;
    out += digits.substr(at, 3);
  }
  return out;
}

std::string TwoDigits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

}  // namespace

std::string LanguageRegion(std::string_view language) {
  size_t dash = language.find('-');
  if (dash == std::string_view::npos) return "";
  std::string_view rest = language.substr(dash + 1);
  rest = rest.substr(0, rest.find('-'));
  if (rest.size() != 2) return "";  // a script subtag (Latn) or a numeric region: no country
  std::string region(rest);
  for (char& c : region) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return region;
}

std::string PageLanguage(std::string_view form_language, std::string_view requested) {
  const std::string primary = PrimarySubtag(requested);
  if (primary != "de" && primary != "en") return std::string(form_language);
  // Only letters and one dash: the tag ends up in <html lang> and in URLs.
  for (char c : requested) {
    if (!std::isalpha(static_cast<unsigned char>(c)) && c != '-') return std::string(form_language);
  }
  const std::string region = LanguageRegion(requested);
  if (region.empty()) return primary == "de" ? "de-DE" : "en-GB";
  return primary + "-" + region;
}

std::string FormatMoney(validators::Cents minor, std::string_view currency, std::string_view language) {
  const bool german = IsGerman(language);
  const bool negative = minor < 0;
  // Magnitude without overflow for INT64_MIN.
  const uint64_t magnitude = negative ? uint64_t(0) - static_cast<uint64_t>(minor) : static_cast<uint64_t>(minor);
  const std::string number = Grouped(magnitude / 100, german ? "." : ",") + (german ? "," : ".") +
                             TwoDigits(static_cast<int>(magnitude % 100));
  const std::string sign = negative ? "-" : "";
  CurrencyMark mark = MarkOf(currency, german);
  if (german) return sign + number + kNoBreakSpace + mark.text;
  if (mark.is_symbol) return sign + mark.text + number;
  return sign + mark.text + kNoBreakSpace + number;
}

std::string FormatAmountText(std::string_view canonical, std::string_view currency, std::string_view language) {
  std::optional<validators::Cents> cents = ParseDecimalCents(canonical);
  if (!cents) return std::string(canonical);
  return FormatMoney(*cents, currency, language);
}

std::string FormatDate(const validators::CivilDate& date, std::string_view language) {
  const std::string day = TwoDigits(date.day), month = TwoDigits(date.month), year = std::to_string(date.year);
  if (IsGerman(language)) return day + "." + month + "." + year;
  if (LanguageRegion(language) == "US") return month + "/" + day + "/" + year;
  return day + "/" + month + "/" + year;
}

}  // namespace prefill
