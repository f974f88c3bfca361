#include "hosted/country_names.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <unordered_map>

#include "forms/currency_codes.h"

namespace prefill {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Base letters of U+00C0..U+00FF ('\0': keep the character as it is).
constexpr const char* kLatin1Fold[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // C0-CF
    "d", "n", "o", "o", "o", "o", "o", nullptr, "o", "u", "u", "u", "u", "y", "th", "ss",  // D0-DF
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",   // E0-EF
    "d", "n", "o", "o", "o", "o", "o", nullptr, "o", "u", "u", "u", "u", "y", "th", "y",  // F0-FF
};

struct Country {
  std::string code;
  std::string name;         // English, the msgid of the catalogue
  std::string common_name;  // English, may be empty
};

std::vector<Country> ReadCountries(const std::string& iso_codes_dir) {
  std::vector<Country> out;
  const std::string text = ReadFile(iso_codes_dir + "/iso_3166-1.json");
  rapidjson::Document doc;
  doc.Parse(text.c_str(), text.size());
  if (doc.HasParseError() || !doc.IsObject()) return out;
  auto list = doc.FindMember("3166-1");
  if (list == doc.MemberEnd() || !list->value.IsArray()) return out;
  auto text_of = [](const rapidjson::Value& entry, const char* key) -> std::string {
    auto it = entry.FindMember(key);
    return it != entry.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
  };
  for (const auto& entry : list->value.GetArray()) {
    if (!entry.IsObject()) continue;
    Country c{text_of(entry, "alpha_2"), text_of(entry, "name"), text_of(entry, "common_name")};
    if (c.code.size() == 2 && !c.name.empty()) out.push_back(std::move(c));
  }
  return out;
}

std::string PrimarySubtag(std::string_view language) {
  std::string primary(language.substr(0, language.find('-')));
  for (char& c : primary) {
    // Only letters name a catalogue directory; anything else is read as English.
    if (!std::isalpha(static_cast<unsigned char>(c))) return "en";
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return primary.empty() ? "en" : primary;
}

uint32_t ReadWord(const std::string& data, size_t at, bool swap) {
  uint32_t v;
  std::memcpy(&v, data.data() + at, 4);
  if (swap) v = __builtin_bswap32(v);
  return v;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> ReadMoCatalogue(const std::string& path) {
  std::vector<std::pair<std::string, std::string>> out;
  const std::string data = ReadFile(path);
  if (data.size() < 28) return out;
  uint32_t magic;
  std::memcpy(&magic, data.data(), 4);
  bool swap;
  if (magic == 0x950412deu) {
    swap = false;
  } else if (magic == 0xde120495u) {
    swap = true;
  } else {
    return out;
  }
  const uint64_t count = ReadWord(data, 8, swap);
  const uint64_t originals = ReadWord(data, 12, swap);
  const uint64_t translations = ReadWord(data, 16, swap);
  if (originals + count * 8 > data.size() || translations + count * 8 > data.size()) return out;
  // A string of the catalogue, or nullopt when its table entry points outside the file.
  auto string_at = [&data, swap](uint64_t entry) -> std::optional<std::string> {
    const uint64_t length = ReadWord(data, entry, swap);
    const uint64_t offset = ReadWord(data, entry + 4, swap);
    if (offset + length > data.size()) return std::nullopt;
    return data.substr(offset, length);
  };
  for (uint64_t i = 0; i < count; ++i) {
    auto id = string_at(originals + i * 8);
    auto text = string_at(translations + i * 8);
    if (!id || !text) return {};
    // The header (empty msgid), plural forms (NUL inside) and contexts (EOT) are not names.
    if (id->empty() || id->find('\0') != std::string::npos || id->find('\x04') != std::string::npos) continue;
    if (text->empty()) continue;
    out.emplace_back(std::move(*id), std::move(*text));
  }
  return out;
}

std::string CountrySortKey(std::string_view name) {
  std::string key;
  for (size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (c < 0x80) {
      key += static_cast<char>(std::tolower(c));
      continue;
    }
    // Two-byte UTF-8 of U+00C0..U+00FF: C3 80..C3 BF.
    if (c == 0xC3 && i + 1 < name.size()) {
      const unsigned char next = static_cast<unsigned char>(name[i + 1]);
      if (next >= 0x80 && next <= 0xBF) {
        if (const char* base = kLatin1Fold[next - 0x80]) {
          key += base;
          ++i;
          continue;
        }
      }
    }
    key += static_cast<char>(c);  // other characters sort by their bytes, after the letters
  }
  return key;
}

struct CountryNames::Impl {
  CountrySource source;
  std::mutex mutex;
  bool read = false;
  std::vector<Country> countries;  // guarded by mutex until `read`, then immutable
  // primary subtag -> sorted list; node-based, so references stay valid as it grows.
  std::map<std::string, std::vector<CountryName>> lists;

  const std::vector<CountryName>& Build(const std::string& primary) {
    if (!read) {
      countries = ReadCountries(source.iso_codes_dir);
      read = true;
    }
    std::unordered_map<std::string, std::string> translated;
    if (primary != "en") {
      for (auto& [id, text] : ReadMoCatalogue(source.locale_dir + "/" + primary + "/LC_MESSAGES/iso_3166-1.mo")) {
        translated.emplace(std::move(id), std::move(text));
      }
    }
    auto translate = [&translated](const std::string& english) -> const std::string* {
      auto it = translated.find(english);
      return it == translated.end() ? nullptr : &it->second;
    };
    std::vector<CountryName> list;
    list.reserve(countries.size());
    for (const Country& c : countries) {
      const std::string* name = nullptr;
      if (!c.common_name.empty()) name = primary == "en" ? &c.common_name : translate(c.common_name);
      if (name == nullptr) name = primary == "en" ? &c.name : translate(c.name);
      if (name == nullptr) name = c.common_name.empty() ? &c.name : &c.common_name;
      list.push_back({c.code, *name});
    }
    std::vector<std::pair<std::string, size_t>> keys;
    for (size_t i = 0; i < list.size(); ++i) keys.emplace_back(CountrySortKey(list[i].name), i);
    std::sort(keys.begin(), keys.end());
    std::vector<CountryName> sorted;
    sorted.reserve(list.size());
    for (const auto& [key, i] : keys) sorted.push_back(std::move(list[i]));
    return lists.emplace(primary, std::move(sorted)).first->second;
  }
};

CountryNames::CountryNames(CountrySource source) : impl_(std::make_unique<Impl>()) {
  impl_->source = std::move(source);
  if (impl_->source.iso_codes_dir.empty()) impl_->source.iso_codes_dir = DefaultIsoCodesDir();
}

CountryNames::~CountryNames() = default;

CountryNames& CountryNames::Shared() {
  // Never destroyed: request threads may still read it while the process exits.
  static CountryNames* shared = new CountryNames();
  return *shared;
}

const std::vector<CountryName>& CountryNames::In(std::string_view language) {
  const std::string primary = PrimarySubtag(language);
  std::lock_guard<std::mutex> lock(impl_->mutex);
  auto it = impl_->lists.find(primary);
  if (it != impl_->lists.end()) return it->second;
  return impl_->Build(primary);
}

void CountryNames::Warm(const std::vector<std::string>& languages) {
  for (const std::string& language : languages) In(language);
}

}  // namespace prefill
