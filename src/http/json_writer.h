// JsonWriter: builds one JSON text with RapidJSON, valid whatever bytes it is given.
//
// Strings (keys and values) are escaped by RapidJSON: '"', '\\' and every
// control character become escapes ("\n", "\u001F"); '/', '<', '>', '&' and
// '\'' are written as they are, which is valid JSON. Bytes that are not valid
// UTF-8 (a raw request path, a header value) are replaced by U+FFFD, so the
// output is always well-formed UTF-8 JSON - RapidJSON alone would copy them raw.
//
// For JSON placed inside an HTML <script> element use JsonForHtmlScript.
//
// Usage:
//   JsonWriter w;
//   w.StartObject();
//   w.Member("status", "error");
//   w.Key("errors"); w.StartArray(); w.String(text); w.EndArray();
//   w.EndObject();
//   return HttpResponse::Json(400, w.Take());
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace prefill {

class JsonWriter {
 public:
  JsonWriter() : writer_(buffer_) {}
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void StartObject() { writer_.StartObject(); }
  void EndObject() { writer_.EndObject(); }
  void StartArray() { writer_.StartArray(); }
  void EndArray() { writer_.EndArray(); }

  void Key(std::string_view key);
  void String(std::string_view value);
  void Int(std::int64_t value) { writer_.Int64(value); }
  void Bool(bool value) { writer_.Bool(value); }
  void Null() { writer_.Null(); }
  // A value that is already JSON text (e.g. a stored JSON document). The
  // caller guarantees it is one complete, valid JSON value.
  void RawJson(std::string_view json);

  // Key(key) then String(value). Deliberately not overloaded for bool or
  // numbers: a string literal would silently pick the bool overload.
  void Member(std::string_view key, std::string_view value) {
    Key(key);
    String(value);
  }

  // Key(key) then null for an empty `value`, else String(value): the REST and
  // form API shape of an optional text.
  void MemberOrNull(std::string_view key, std::string_view value) {
    Key(key);
    if (value.empty()) {
      Null();
    } else {
      String(value);
    }
  }

  // True once one complete value has been written (all containers closed).
  bool complete() const { return writer_.IsComplete(); }
  // The JSON text written so far.
  std::string Take() const { return std::string(buffer_.GetString(), buffer_.GetSize()); }

 private:
  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> writer_;
};

// `text` with every byte that is not part of a valid UTF-8 sequence replaced
// by U+FFFD (EF BF BD). Valid text is returned unchanged.
std::string ToValidUtf8(std::string_view text);

// `json` made safe to embed in an HTML <script> element: '<', '>', '&' and
// U+2028/U+2029 become \u escapes, so "</script>" or "<!--" inside a string
// cannot end the element. Outside strings JSON never contains these
// characters, so the result is the same JSON value.
std::string JsonForHtmlScript(std::string_view json);

}  // namespace prefill
