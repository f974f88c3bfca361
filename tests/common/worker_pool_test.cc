#include "common/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace prefill {
namespace {

TEST(WorkerPoolTest, RunsEveryTaskAndDrains) {
  WorkerPool pool(4, 1000);
  std::atomic<int> done{0};
  for (int i = 0; i < 500; ++i) ASSERT_TRUE(pool.Submit([&] { ++done; }));
  pool.Drain();
  EXPECT_EQ(done.load(), 500);
}

TEST(WorkerPoolTest, RefusesWhenTheQueueIsFull) {
  WorkerPool pool(1, 2);
  std::atomic<bool> release{false};
  ASSERT_TRUE(pool.Submit([&] { while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1)); }));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // let the worker take it
  EXPECT_TRUE(pool.Submit([] {}));
  EXPECT_TRUE(pool.Submit([] {}));
  EXPECT_FALSE(pool.Submit([] {}));
  release = true;
  pool.Drain();
}

TEST(WorkerPoolTest, DestructorFinishesQueuedTasks) {
  std::atomic<int> done{0};
  {
    WorkerPool pool(2, 100);
    for (int i = 0; i < 50; ++i) pool.Submit([&] { std::this_thread::sleep_for(std::chrono::microseconds(100)); ++done; });
  }
  EXPECT_EQ(done.load(), 50);
}

}  // namespace
}  // namespace prefill
