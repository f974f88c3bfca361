#include "session/session_errors.h"

namespace prefill {

RenderedSessionErrors RenderSessionErrors(const SessionErrors& errors, std::string_view language) {
  RenderedSessionErrors out;
  for (const auto& [field, error] : errors.current_fields) {
    out.current_fields[field] = validators::Message(error, language);
  }
  for (const auto& [field, error] : errors.other_fields) {
    out.other_fields[field] = validators::Message(error, language);
  }
  out.globals = errors.globals;
  return out;
}

std::string ExtraFormFieldError(const std::string& field) {
  // The name is the caller's input: keep the message bounded, cutting only at a
  // UTF-8 character boundary so the text stays valid UTF-8.
  constexpr size_t kMaxNameBytes = 100;
  if (field.size() <= kMaxNameBytes) return "extra form field: " + field;
  size_t cut = kMaxNameBytes;
  while (cut > 0 && (static_cast<unsigned char>(field[cut]) & 0xC0) == 0x80) --cut;
  return "extra form field: " + field.substr(0, cut) + "...";
}

}  // namespace prefill
