#include "hosted/embedded_assets.h"

namespace prefill {

std::string_view EmbeddedAsset(std::string_view name) {
  for (const EmbeddedAssetEntry& entry : EmbeddedAssetTable()) {
    if (entry.name == name) return entry.bytes;
  }
  return {};
}

}  // namespace prefill
