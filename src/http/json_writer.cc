#include "http/json_writer.h"

#include "validators/text.h"

namespace prefill {

namespace {

// Length of the UTF-8 sequence a lead byte announces (1 for anything invalid).
std::size_t SequenceLength(unsigned char lead) {
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 1;
}

rapidjson::SizeType Size(std::string_view s) { return static_cast<rapidjson::SizeType>(s.size()); }

}  // namespace

std::string ToValidUtf8(std::string_view text) {
  if (validators::IsValidUtf8(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 16);
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t length = SequenceLength(static_cast<unsigned char>(text[i]));
    const std::string_view sequence = text.substr(i, length);
    if (sequence.size() == length && validators::IsValidUtf8(sequence)) {
      out.append(sequence);
      i += length;
    } else {
      out.append("\xEF\xBF\xBD");
      ++i;
    }
  }
  return out;
}

void JsonWriter::Key(std::string_view key) {
  if (validators::IsValidUtf8(key)) {
    writer_.Key(key.data(), Size(key), true);
  } else {
    const std::string valid = ToValidUtf8(key);
    writer_.Key(valid.data(), Size(valid), true);
  }
}

void JsonWriter::String(std::string_view value) {
  if (validators::IsValidUtf8(value)) {
    writer_.String(value.data(), Size(value), true);
  } else {
    const std::string valid = ToValidUtf8(value);
    writer_.String(valid.data(), Size(valid), true);
  }
}

void JsonWriter::RawJson(std::string_view json) { writer_.RawValue(json.data(), json.size(), rapidjson::kObjectType); }

std::string JsonForHtmlScript(std::string_view json) {
  std::string out;
  out.reserve(json.size() + 16);
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (c == '<') {
      out.append("\\u003c");
    } else if (c == '>') {
      out.append("\\u003e");
    } else if (c == '&') {
      out.append("\\u0026");
    } else if (c == '\xE2' && i + 2 < json.size() && json[i + 1] == '\x80' &&
               (json[i + 2] == '\xA8' || json[i + 2] == '\xA9')) {
      out.append(json[i + 2] == '\xA8' ? "\\u2028" : "\\u2029");
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace prefill
