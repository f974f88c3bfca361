#include "storage/session_row.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <string>

namespace prefill {
namespace {

// Iterative parsing: a corrupt column of deep nesting cannot exhaust the stack.
constexpr unsigned kParseFlags = rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag;

Status Corrupt(const char* column, const std::string& why) {
  return Status::Internal(std::string("corrupt sessions.") + column + ": " + why);
}

Status ParseJson(const std::string& text, const char* column, rapidjson::Document* doc) {
  doc->Parse<kParseFlags>(text.data(), text.size());
  if (doc->HasParseError()) {
    return Corrupt(column, std::string(rapidjson::GetParseError_En(doc->GetParseError())) + " at offset " +
                               std::to_string(doc->GetErrorOffset()));
  }
  return Status::OK();
}

std::string AsString(const rapidjson::Value& v) { return std::string(v.GetString(), v.GetStringLength()); }

// A key written twice is refused, not resolved: which copy wins would be a guess.
Status DecodeObject(const std::string& text, const char* column, std::map<std::string, std::string>* out) {
  rapidjson::Document doc;
  if (Status parsed = ParseJson(text, column, &doc); !parsed.ok()) return parsed;
  if (!doc.IsObject()) return Corrupt(column, "not an object");
  out->clear();
  for (const auto& member : doc.GetObject()) {
    if (!member.value.IsString()) return Corrupt(column, "a value is not a string");
    if (!out->emplace(AsString(member.name), AsString(member.value)).second) return Corrupt(column, "duplicate key");
  }
  return Status::OK();
}

Status DecodeArray(const std::string& text, const char* column, std::set<std::string>* out) {
  rapidjson::Document doc;
  if (Status parsed = ParseJson(text, column, &doc); !parsed.ok()) return parsed;
  if (!doc.IsArray()) return Corrupt(column, "not an array");
  out->clear();
  for (const auto& item : doc.GetArray()) {
    if (!item.IsString()) return Corrupt(column, "an item is not a string");
    out->insert(AsString(item));
  }
  return Status::OK();
}

}  // namespace

Status ReadSessionRow(sql::ResultSet& rs, int first, SessionRecord* r) {
  const auto col = [first](int offset) { return static_cast<uint32_t>(first + offset); };
  r->hash = rs.getString(col(0));
  r->form_id = rs.getString(col(1));
  r->sandbox = rs.getInt(col(2)) != 0;
  const std::string state = rs.getString(col(3));
  if (!ParseSessionState(state, &r->state)) return Corrupt("state", "'" + state + "'");
  if (Status s = DecodeObject(rs.getString(col(4)), "field_values", &r->values); !s.ok()) return s;
  if (Status s = DecodeArray(rs.getString(col(5)), "fixed_fields", &r->fixed); !s.ok()) return s;
  if (Status s = DecodeObject(rs.getString(col(6)), "metadata", &r->metadata); !s.ok()) return s;
  r->version = rs.getInt64(col(7));
  const struct {
    int offset;
    const char* column;
    TimePoint* field;
  } times[] = {{8, "created_at", &r->created_at}, {9, "updated_at", &r->updated_at}, {10, "expires_at", &r->expires_at}};
  for (const auto& t : times) {
    // A zero or otherwise invalid DATETIME yields NULL from TIMESTAMPDIFF;
    // getInt64 would read it as 0, i.e. 1970.
    if (rs.isNull(col(t.offset))) return Corrupt(t.column, "not a valid DATETIME");
    *t.field = FromMicros(rs.getInt64(col(t.offset)));
  }
  return Status::OK();
}

}  // namespace prefill
