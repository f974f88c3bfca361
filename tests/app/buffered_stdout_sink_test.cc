#include "app/buffered_stdout_sink.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

namespace prefill {
namespace {

TEST(BufferedStdoutSinkTest, WritesEveryLineInOrderOnFlush) {
  ::testing::internal::CaptureStdout();
  spdlog::logger logger("test", std::make_shared<BufferedStdoutSink>());
  logger.set_pattern("%v");
  for (int i = 0; i < 1000; ++i) logger.info("request {}", i);
  logger.flush();
  std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_EQ(out.find("request 0\n"), 0u);
  EXPECT_NE(out.find("\nrequest 999\n"), std::string::npos);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 1000);
}

}  // namespace
}  // namespace prefill
