// Status and Result: a failed Result's value is never read silently.
#include "common/status.h"

#include <gtest/gtest.h>

#include <string>

namespace prefill {
namespace {

TEST(ResultTest, ValueOfAFailedResultAbortsWithTheStatusInEveryBuildType) {
  // RelWithDebInfo defines NDEBUG: an assert would be gone, this must not be.
  Result<int> failed = Status::NotFound("no such thing");
  EXPECT_DEATH((void)failed.value(), "value\\(\\) of a failed Result: NotFound: no such thing");
  const Result<std::string> also = Status::Unavailable("down");
  EXPECT_DEATH((void)also->size(), "Unavailable: down");
}

TEST(ResultTest, AResultFromAnOkStatusIsABugToo) {
  EXPECT_DEATH({ Result<int> bad = Status::OK(); (void)bad; }, "made from an OK Status");
}

TEST(ResultTest, ValuesAndStatusesPassThrough) {
  Result<int> seven = 7;
  ASSERT_TRUE(seven.ok());
  EXPECT_EQ(*seven, 7);
  EXPECT_TRUE(seven.status().ok());
  Result<int> locked = Status::Locked("session locked");
  EXPECT_FALSE(locked.ok());
  EXPECT_TRUE(locked.status().Is(Status::Code::kLocked));
  EXPECT_EQ(Status::Incomplete("x").ToString(), "Incomplete: x");
}

}  // namespace
}  // namespace prefill
