#include "hosted/country_names.h"

#include <gtest/gtest.h>

#include "forms/currency_codes.h"

#include <rapidjson/document.h>

#include <fstream>
#include <sstream>
#include <thread>

namespace prefill::testing {
namespace {

const CountryName* Find(const std::vector<CountryName>& list, const std::string& code) {
  for (const CountryName& c : list) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

size_t IndexOf(const std::vector<CountryName>& list, const std::string& code) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i].code == code) return i;
  }
  return list.size();
}

// The number of countries in Debian's iso-codes JSON, counted independently.
size_t CountriesInJson() {
  std::ifstream in(DefaultIsoCodesDir() + "/iso_3166-1.json");
  std::stringstream text;
  text << in.rdbuf();
  rapidjson::Document doc;
  doc.Parse(text.str().c_str());
  return doc.IsObject() && doc.HasMember("3166-1") ? doc["3166-1"].Size() : 0;
}

TEST(CountryNamesTest, EveryCountryOfIsoCodesInGerman) {
  CountryNames names;
  const auto& de = names.In("de-DE");
  ASSERT_GT(CountriesInJson(), 240u);
  EXPECT_EQ(de.size(), CountriesInJson());
  EXPECT_EQ(Find(de, "DE")->name, "Deutschland");
  EXPECT_EQ(Find(de, "AT")->name, "Österreich");
  EXPECT_EQ(Find(de, "GB")->name, "Vereinigtes Königreich");
  // The common name where iso-codes has one, translated.
  EXPECT_EQ(Find(de, "BO")->name, "Bolivien");
}

TEST(CountryNamesTest, EnglishNamesPreferTheCommonName) {
  CountryNames names;
  const auto& en = names.In("en-GB");
  EXPECT_EQ(Find(en, "DE")->name, "Germany");
  EXPECT_EQ(Find(en, "KR")->name, "South Korea");
  EXPECT_EQ(Find(en, "BO")->name, "Bolivia");
  // An unknown language gets English names, not an empty list.
  EXPECT_EQ(Find(names.In("xx"), "DE")->name, "Germany");
  EXPECT_EQ(Find(names.In("../../etc"), "DE")->name, "Germany");
}

TEST(CountryNamesTest, SortedAsAReaderLooksThemUpUmlautsBesideTheirLetter) {
  CountryNames names;
  const auto& de = names.In("de");
  // Ägypten between Afghanistan and Albanien; Österreich among the O, before Pakistan.
  EXPECT_LT(IndexOf(de, "AF"), IndexOf(de, "EG"));
  EXPECT_LT(IndexOf(de, "EG"), IndexOf(de, "AL"));
  EXPECT_LT(IndexOf(de, "OM"), IndexOf(de, "AT"));
  EXPECT_LT(IndexOf(de, "AT"), IndexOf(de, "PK"));
  for (size_t i = 1; i < de.size(); ++i) {
    EXPECT_LE(CountrySortKey(de[i - 1].name), CountrySortKey(de[i].name)) << de[i - 1].name << " / " << de[i].name;
  }
}

TEST(CountryNamesTest, SortKeyFoldsLatinLetters) {
  EXPECT_EQ(CountrySortKey("Österreich"), "osterreich");
  EXPECT_EQ(CountrySortKey("Åland-Inseln"), "aland-inseln");
  EXPECT_EQ(CountrySortKey("Curaçao"), "curacao");
  EXPECT_EQ(CountrySortKey("Straße"), "strasse");
}

TEST(CountryNamesTest, MissingDataGivesAnEmptyList) {
  CountryNames names({"/nonexistent", "/nonexistent"});
  EXPECT_TRUE(names.In("de").empty());
  EXPECT_TRUE(ReadMoCatalogue("/nonexistent.mo").empty());
}

TEST(CountryNamesTest, TheCatalogueReaderReadsGettextFiles) {
  auto catalogue = ReadMoCatalogue("/usr/share/locale/de/LC_MESSAGES/iso_3166-1.mo");
  ASSERT_GT(catalogue.size(), 240u);
  bool found = false;
  for (const auto& [id, text] : catalogue) {
    EXPECT_FALSE(id.empty());  // the header entry is skipped
    if (id == "Germany") found = text == "Deutschland";
  }
  EXPECT_TRUE(found);
}

TEST(CountryNamesTest, ConcurrentFirstUseReadsOnceAndAgrees) {
  CountryNames names;
  std::vector<const std::vector<CountryName>*> seen(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < seen.size(); ++i) {
    threads.emplace_back([&names, &seen, i] { seen[i] = &names.In(i % 2 ? "de-DE" : "de-AT"); });
  }
  for (auto& t : threads) t.join();
  for (const auto* list : seen) EXPECT_EQ(list, seen[0]);  // one list per language, shared
  EXPECT_EQ(Find(*seen[0], "DE")->name, "Deutschland");
}

}  // namespace
}  // namespace prefill::testing
