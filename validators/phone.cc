#include "validators/phone.h"

#include <string>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include "validators/outcome.h"

namespace prefill::validators {

namespace {
constexpr size_t kMaxPhoneBytes = 64;  // libphonenumber itself stops at 250; no real number is longer
}

FieldOutcome ValidatePhone(std::string_view value, std::string_view default_region) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  if (value.size() > kMaxPhoneBytes) return Fail(MessageId::kInvalidPhone);
  // The library's singleton is immutable after construction and documented thread-safe.
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  std::string region(default_region.empty() ? std::string_view("DE") : default_region);
  if (util.Parse(std::string(value), region, &number) != PhoneNumberUtil::NO_PARSING_ERROR) {
    return Fail(MessageId::kInvalidPhone);
  }
  if (!util.IsValidNumber(number)) return Fail(MessageId::kInvalidPhone);
  std::string e164;
  util.Format(number, PhoneNumberUtil::E164, &e164);
  return Accept(std::move(e164));
}

FieldOutcome ValidatePhone(const ValidationContext& ctx, std::string_view value) {
  auto country = ctx.current.find("country");
  return ValidatePhone(value, country == ctx.current.end() ? std::string_view("DE") : std::string_view(country->second));
}

}  // namespace prefill::validators
