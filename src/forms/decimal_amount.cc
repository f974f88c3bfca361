#include "forms/decimal_amount.h"

namespace prefill {

std::optional<validators::Cents> ParseDecimalCents(std::string_view text) {
  if (text.find(',') != std::string_view::npos) return std::nullopt;
  return validators::ParseAmount(text);
}

}  // namespace prefill
