// CountryNames: the ISO 3166-1 countries with their names in a language, for
// the hosted page's country select (SPEC section 6).
//
// Never a hand-written list: the codes and English names come from Debian's
// iso-codes JSON (<iso-codes dir>/iso_3166-1.json, the directory the
// currency check reads, forms/currency_codes.h), the translations from its gettext catalogues
// (<locale dir>/<language>/LC_MESSAGES/iso_3166-1.mo), read by a small .mo
// reader here. A country's shown name is its translated `common_name` when
// iso-codes has one ("Bolivia", "South Korea"), else its translated `name`;
// an untranslated name stays English.
//
// Names are sorted as a reader of the language looks them up: a letter with a
// diacritic beside its base letter ("Ägypten" as "agypten", between
// "Afghanistan" and "Albanien"; "Österreich" among the O), ß as ss, case
// ignored (a DIN 5007-1 style fold of the Latin-1 letters, which is what
// country names in German and English need).
//
// Threading: each language's list is read once, on first use, under a mutex,
// and never changes afterwards; the references handed out stay valid for the
// life of the process. Warm() reads some at start so no request pays for it.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace prefill {

struct CountryName {
  std::string code;  // ISO 3166-1 alpha-2, upper-case, the value the validator keeps
  std::string name;  // in the language asked for
};

struct CountrySource {
  std::string iso_codes_dir;  // empty: DefaultIsoCodesDir() (forms/currency_codes.h)
  std::string locale_dir = "/usr/share/locale";
};

class CountryNames {
 public:
  explicit CountryNames(CountrySource source = {});
  ~CountryNames();
  CountryNames(const CountryNames&) = delete;
  CountryNames& operator=(const CountryNames&) = delete;

  // The process-wide instance on Debian's paths.
  static CountryNames& Shared();

  // Every country, sorted by name in `language` (a BCP 47 tag; its primary
  // subtag picks the catalogue, "en" and unknown languages give English).
  // Empty when iso-codes cannot be read (the page then shows a text box).
  const std::vector<CountryName>& In(std::string_view language);

  // Reads the lists of `languages` now.
  void Warm(const std::vector<std::string>& languages);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The sort key of a name: lower-case, Latin-1 letters without diacritics,
// ß -> ss, æ -> ae (exposed for tests).
std::string CountrySortKey(std::string_view name);

// The messages of a gettext .mo catalogue (msgid -> msgstr; plural and
// context entries are skipped). Empty for a missing or malformed file.
std::vector<std::pair<std::string, std::string>> ReadMoCatalogue(const std::string& path);

}  // namespace prefill
