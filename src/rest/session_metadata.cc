#include "rest/session_metadata.h"

namespace prefill {
namespace {

size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::vector<std::string> MetadataProblems(const Metadata& metadata) {
  std::vector<std::string> problems;
  if (metadata.size() > kMaxMetadataKeys) {
    problems.push_back("metadata has " + std::to_string(metadata.size()) + " keys, at most " +
                       std::to_string(kMaxMetadataKeys) + " are allowed");
  }
  for (const auto& [key, value] : metadata) {
    if (key.empty()) problems.push_back("metadata keys must not be empty");
    if (CodePoints(key) > kMaxMetadataKeyLength) {
      problems.push_back("metadata key \"" + key.substr(0, 60) + "...\" is longer than " +
                         std::to_string(kMaxMetadataKeyLength) + " characters");
    }
    if (CodePoints(value) > kMaxMetadataValueLength) {
      problems.push_back("metadata value of \"" + key.substr(0, 60) + "\" is longer than " +
                         std::to_string(kMaxMetadataValueLength) + " characters");
    }
  }
  return problems;
}

Metadata ApplyMetadataPatch(Metadata current, const MetadataPatch& patch) {
  for (const auto& [key, value] : patch) {
    if (!value || value->empty()) {
      current.erase(key);
    } else {
      current[key] = *value;
    }
  }
  return current;
}

}  // namespace prefill
