// SessionAttributes: what the REST API records about a session beyond the
// session core's SessionRecord (SPEC section 7 create parameters): type,
// successUrl, userId, accountId, language, currency. Stored once, at create,
// in their own table (sql/006); a session without a row (made through the
// form API) has the defaults. Empty strings mean "not given"; language and
// currency then come from the session's form.
#pragma once

#include <string>

#include "common/status.h"

namespace prefill {

inline constexpr const char* kDefaultSessionType = "donation_form";

struct SessionAttributes {
  std::string type = kDefaultSessionType;
  std::string success_url;
  std::string user_id;
  std::string account_id;
  std::string language;
  std::string currency;
};

class SessionAttributesStore {
 public:
  virtual ~SessionAttributesStore() = default;

  // Records the attributes of the existing session `hash` (NotFound if no such
  // session); replaces earlier ones.
  virtual Status Put(const std::string& hash, const SessionAttributes& attributes) = 0;

  // The stored attributes, or the defaults when none are stored.
  virtual Result<SessionAttributes> Get(const std::string& hash) = 0;
};

}  // namespace prefill
