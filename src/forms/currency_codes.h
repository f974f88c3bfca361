// ISO 4217 currency codes, read from Debian's iso-codes data (iso_4217.json).
//
// The file is read once per directory, on first use, and cached behind a mutex;
// form loading is start-up I/O, so a blocking read is fine here.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace prefill {

// Where iso_4217.json is looked for unless a caller passes another directory.
const std::string& DefaultIsoCodesDir();

// OK when `code` is an alpha-3 code listed in <iso_codes_dir>/iso_4217.json;
// NotFound when it is not listed; Unavailable when the data cannot be read.
Status CheckIsoCurrency(std::string_view code, const std::string& iso_codes_dir = DefaultIsoCodesDir());

}  // namespace prefill
