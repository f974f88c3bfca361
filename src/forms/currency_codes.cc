#include "forms/currency_codes.h"

#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

#include <rapidjson/document.h>

#ifndef PREFILL_ISO_CODES_DIR
#error "PREFILL_ISO_CODES_DIR is set by CMake (the cache variable of the same name)"
#endif

namespace prefill {

namespace {

struct CurrencyTable {
  Status status;
  std::set<std::string, std::less<>> codes;
};

CurrencyTable ReadTable(const std::string& dir) {
  CurrencyTable table;
  const std::string file = dir + "/iso_4217.json";
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    table.status = Status::Unavailable("cannot read ISO 4217 data " + file);
    return table;
  }
  std::stringstream text;
  text << in.rdbuf();
  rapidjson::Document doc;
  doc.Parse(text.str().c_str());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("4217") || !doc["4217"].IsArray()) {
    table.status = Status::Unavailable("unexpected format of ISO 4217 data " + file);
    return table;
  }
  for (const auto& entry : doc["4217"].GetArray()) {
    if (entry.IsObject() && entry.HasMember("alpha_3") && entry["alpha_3"].IsString()) {
      table.codes.insert(entry["alpha_3"].GetString());
    }
  }
  if (table.codes.empty()) table.status = Status::Unavailable("no currencies in " + file);
  return table;
}

}  // namespace

const std::string& DefaultIsoCodesDir() {
  static const std::string dir = PREFILL_ISO_CODES_DIR;
  return dir;
}

Status CheckIsoCurrency(std::string_view code, const std::string& iso_codes_dir) {
  // One table per directory; in practice there is one directory per process.
  static std::mutex mu;
  static std::map<std::string, CurrencyTable> tables;
  std::lock_guard<std::mutex> lock(mu);
  auto it = tables.find(iso_codes_dir);
  if (it == tables.end()) it = tables.emplace(iso_codes_dir, ReadTable(iso_codes_dir)).first;
  const CurrencyTable& table = it->second;
  if (!table.status.ok()) return table.status;
  if (table.codes.find(code) == table.codes.end()) {
    return Status::NotFound("'" + std::string(code) + "' is not an ISO 4217 currency code");
  }
  return Status::OK();
}

}  // namespace prefill
