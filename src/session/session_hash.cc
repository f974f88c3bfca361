#include "session/session_hash.h"
#include "common/text_codec.h"

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid.hpp>

namespace prefill {

std::string NewSessionHash() {
  // random_generator is not thread-safe; one per thread avoids a lock and keeps
  // the OS entropy source open per thread.
  thread_local boost::uuids::random_generator generator;
  std::string hash;
  hash.reserve(kSessionHashLength);
  for (int i = 0; i < 2; ++i) {
    const boost::uuids::uuid id = generator();
    hash += HexLower(std::string_view(reinterpret_cast<const char*>(id.data), id.size()));
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
