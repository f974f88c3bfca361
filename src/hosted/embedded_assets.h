// Embedded assets: the hosted page's templates and static files, compiled into
// the binary at build time (src/hosted/embed_assets.cmake), so a running server
// never depends on its working directory or on files beside it.
//
// Names are paths relative to the repository root, e.g.
// "src/hosted/templates/form_page.mustache". The table is immutable and safe to
// read from any thread.
#pragma once

#include <string_view>
#include <vector>

namespace prefill {

struct EmbeddedAssetEntry {
  std::string_view name;
  std::string_view bytes;
};

// Every embedded file (defined in the generated embedded_assets_data.cc).
const std::vector<EmbeddedAssetEntry>& EmbeddedAssetTable();

// The bytes of the asset `name`; empty when there is no such asset.
std::string_view EmbeddedAsset(std::string_view name);

}  // namespace prefill
