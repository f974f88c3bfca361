#include "session/session_hash.h"

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid.hpp>

namespace prefill {

std::string NewSessionHash() {
  // random_generator is not thread-safe; one per thread avoids a lock and keeps
  // the OS entropy source open per thread.
  thread_local boost::uuids::random_generator generator;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hash;
  hash.reserve(kSessionHashLength);
  for (int i = 0; i < 2; ++i) {
    const boost::uuids::uuid id = generator();
    for (uint8_t byte : id) {
      hash.push_back(kHex[byte >> 4]);
      hash.push_back(kHex[byte & 0x0f]);
    }
  }
  return hash;
}

bool LooksLikeSessionHash(const std::string& s) {
  if (s.size() != kSessionHashLength) return false;
  for (char c : s) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    if (!hex) return false;
  }
  return true;
}

}  // namespace prefill
