// RapidJSON for tests: a missing member or a wrong type throws (and the test
// fails with that message) instead of aborting the whole test binary.
// Include this before any other header that includes RapidJSON.
#pragma once

#include <stdexcept>

#ifndef RAPIDJSON_ASSERT
#define RAPIDJSON_ASSERT(x) \
  if (!(x)) throw std::logic_error("RapidJSON: " #x)
#endif
#define RAPIDJSON_NOEXCEPT_ASSERT(x) ((void)0)
#include <rapidjson/document.h>
