// The card-number guard: never crashes, is linear, and agrees with itself: a text
// that holds a card as a whole value holds one for every kind, and free text finds
// at least what data finds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "validators/card_guard.h"

using prefill::validators::HoldsCardNumber;
using prefill::validators::LooksLikeCardNumber;
using prefill::validators::TextKind;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  bool value = HoldsCardNumber(text, TextKind::kValue);
  bool free_text = HoldsCardNumber(text, TextKind::kFreeText);
  bool structured = HoldsCardNumber(text, TextKind::kData);
  if (value != LooksLikeCardNumber(text)) std::abort();
  if (value && (!free_text || !structured)) std::abort();
  if (structured && !free_text) std::abort();
  return 0;
}
