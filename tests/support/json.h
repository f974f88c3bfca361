// RapidJSON for tests. A missing member or a wrong type throws (and the test fails
// with that message) instead of aborting the whole test binary: that is the one
// configuration of every Prefill file (src/common/rapidjson_config.h).
#pragma once

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
