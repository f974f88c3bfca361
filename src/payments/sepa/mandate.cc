#include "payments/sepa/mandate.h"

#include <algorithm>

namespace prefill::sepa {
namespace {

template <typename E, size_t N>
bool ParseName(std::string_view name, const E (&all)[N], const char* (*name_of)(E), E* out) {
  for (E e : all) {
    if (name == name_of(e)) {
      *out = e;
      return true;
    }
  }
  return false;
}

}  // namespace

const char* MandateStatusName(MandateStatus s) {
  switch (s) {
    case MandateStatus::kActive: return "active";
    case MandateStatus::kCancelled: return "cancelled";
    case MandateStatus::kLapsed: return "lapsed";
  }
  return "active";
}

bool ParseMandateStatus(std::string_view name, MandateStatus* out) {
  static constexpr MandateStatus kAll[] = {MandateStatus::kActive, MandateStatus::kCancelled, MandateStatus::kLapsed};
  return ParseName(name, kAll, MandateStatusName, out);
}

const char* CollectionStatusName(CollectionStatus s) {
  switch (s) {
    case CollectionStatus::kScheduled: return "scheduled";
    case CollectionStatus::kExported: return "exported";
    case CollectionStatus::kReturned: return "returned";
    case CollectionStatus::kCancelled: return "cancelled";
  }
  return "scheduled";
}

bool ParseCollectionStatus(std::string_view name, CollectionStatus* out) {
  static constexpr CollectionStatus kAll[] = {CollectionStatus::kScheduled, CollectionStatus::kExported,
                                              CollectionStatus::kReturned, CollectionStatus::kCancelled};
  return ParseName(name, kAll, CollectionStatusName, out);
}

bool ReturnEndsMandate(std::string_view code) {
  static constexpr std::string_view kEnding[] = {"AC01", "AC04", "AC06", "MD01", "MD07"};
  return std::find(std::begin(kEnding), std::end(kEnding), code) != std::end(kEnding);
}

bool IsReasonCode(std::string_view code) {
  return code.size() == 4 && std::all_of(code.begin(), code.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
         });
}

}  // namespace prefill::sepa
