#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <stdexcept>

#include "forms/currency_codes.h"

namespace prefill {
namespace {

// The one RapidJSON configuration is in force without any include of it here.
TEST(RapidJsonConfig, ABrokenPreconditionThrowsInsteadOfUndefinedBehaviour) {
  rapidjson::Document doc;
  doc.Parse("{\"amount\": 25}");
  ASSERT_FALSE(doc.HasParseError());
  EXPECT_THROW(doc["amount"].GetString(), std::logic_error);
  EXPECT_THROW(doc.GetArray(), std::logic_error);
  EXPECT_EQ(doc["amount"].GetInt(), 25);
}

TEST(RapidJsonConfig, TheIsoCodesDirectoryOfTheBuildReachesTheCode) {
  EXPECT_EQ(DefaultIsoCodesDir(), std::string(PREFILL_ISO_CODES_DIR));
}

}  // namespace
}  // namespace prefill
