// Reading providers' JSON answers (Stripe, PayPal) without trusting them:
// every member may be missing or of another type, and then reads as absent.
// Used by the processors and webhook handlers of src/providers only.
#pragma once

#include <rapidjson/document.h>

#include <initializer_list>
#include <string>

namespace prefill {

// Parses `text`; false for anything that is not a JSON object.
inline bool ParseJsonObject(const std::string& text, rapidjson::Document* doc) {
  doc->Parse(text.data(), text.size());
  return !doc->HasParseError() && doc->IsObject();
}

// The value at a path of member names, or nullptr.
inline const rapidjson::Value* JsonAt(const rapidjson::Value& root, std::initializer_list<const char*> path) {
  const rapidjson::Value* v = &root;
  for (const char* key : path) {
    if (!v->IsObject()) return nullptr;
    auto it = v->FindMember(key);
    if (it == v->MemberEnd()) return nullptr;
    v = &it->value;
  }
  return v;
}

// The string at a path, or "" when it is absent or not a string.
inline std::string JsonString(const rapidjson::Value& root, std::initializer_list<const char*> path) {
  const rapidjson::Value* v = JsonAt(root, path);
  return v != nullptr && v->IsString() ? std::string(v->GetString(), v->GetStringLength()) : std::string();
}

}  // namespace prefill
