// Request decoding: turns an HttpRequest into its parameters (SPEC sections 3, 8).
//
// Parameters come from the query string and from the body, chosen by the
// Content-Type: application/x-www-form-urlencoded, multipart/form-data or
// application/json. The result is one flat, ordered map from full parameter
// name to value, in PHP bracket form: "hash", "fbSessionHash",
// "payment[amount]", "payment[amount_fix]". A JSON body
// {"hash":"x","payment":{"amount":"12"}} decodes to the same names.
//
// Precedence: the query string is read first, then the body; a name seen again
// replaces the earlier value (so body wins over query, and within one source
// the last occurrence wins, as in PHP). An entry keeps the position of its
// first occurrence.
//
// Every name and value is valid UTF-8 (validators::IsValidUtf8: no overlong
// forms, no surrogates); names hold no control character (a NUL byte in a
// value is left to the validators, which refuse it on its field as a control
// character, SPEC section 2), and every name is
// either `base` or `base[key]` (one bracket level; `a[]`, `a[b][c]`, `a[b` are
// refused). Values are byte-exact otherwise: no trimming, no HTML or SQL
// escaping - that is the job of validators and writers.
//
// Errors (never exceptions, never a crash, whatever the bytes):
//   Status::TooLarge        - a limit in DecodeLimits was exceeded (error 107)
//   Status::InvalidArgument - anything malformed (error 108)
// Messages name the source and the problem; they never contain a value.
// docs/request-decoding.md lists every decision in detail.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "http/http_message.h"

namespace prefill {

struct DecodeLimits {
  // name=value pairs over query and body together, duplicates and ignored
  // file parts included (so a flood of repeats is refused too).
  std::size_t max_params = 1000;
  // Bytes of one full decoded name, e.g. "payment[amount]".
  std::size_t max_name_bytes = 256;
  // Raw bytes of the query string and of the body. The server limits the
  // whole request as well; these keep the decoder safe on its own.
  std::size_t max_query_bytes = 256 * 1024;
  std::size_t max_body_bytes = 256 * 1024;
};

// The decoded parameters. Names are unique; order is first appearance.
struct DecodedParams {
 public:
  using Entry = std::pair<std::string, std::string>;

  // The value of `name` (full form, e.g. "payment[amount]"), or nullptr.
  const std::string* Get(std::string_view name) const;
  // The value of `name`, or "" when absent.
  std::string ValueOf(std::string_view name) const {
    const std::string* value = Get(name);
    return value ? *value : std::string();
  }
  bool Has(std::string_view name) const { return Get(name) != nullptr; }

  // The entries named `prefix[key]`, as (key, value), in order.
  // Group("payment") -> {("amount","12"), ("amount_fix","12")}.
  std::vector<Entry> Group(std::string_view prefix) const;

  // Sets `name` to `value`, replacing an earlier value in place.
  void Set(std::string name, std::string value);

  const std::vector<Entry>& entries() const { return entries_; }
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

 private:
  std::vector<Entry> entries_;
  std::map<std::string, std::size_t, std::less<>> index_;  // name -> position in entries_
};

// Decodes the query string and body of `request`. See the contract above.
Result<DecodedParams> DecodeParams(const HttpRequest& request, const DecodeLimits& limits = {});

}  // namespace prefill
