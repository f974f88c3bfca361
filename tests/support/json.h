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
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

#include "support/http_client.h"

namespace prefill::testing {

// The answer's body as JSON; the test fails unless it parses and is sent as
// JSON in UTF-8.
inline rapidjson::Document ParseJson(const ClientResponse& r) {
  rapidjson::Document d;
  d.Parse(r.body.c_str(), r.body.size());
  EXPECT_FALSE(d.HasParseError()) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
  return d;
}

// A JSON string's value, or a marker that cannot equal any expected text.
inline std::string Str(const rapidjson::Value& v) {
  return v.IsString() ? std::string(v.GetString(), v.GetStringLength()) : "<not a string>";
}

}  // namespace prefill::testing
