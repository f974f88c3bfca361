#include "app/webhook_worker.h"

#include <spdlog/spdlog.h>

namespace prefill {

WebhookWorker::WebhookWorker(webhooks::WebhookDispatcher* dispatcher, int threads, std::chrono::milliseconds poll)
    : dispatcher_(dispatcher), poll_(poll) {
  for (int i = 0; i < std::max(1, threads); ++i) threads_.emplace_back([this, i] { Run(i); });
}

WebhookWorker::~WebhookWorker() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

void WebhookWorker::Run(int index) {
  std::chrono::steady_clock::time_point last_warning{};
  auto warn = [&](const char* what, const Status& s) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_warning < std::chrono::minutes(1)) return;
    last_warning = now;
    spdlog::warn("webhook {} failed: {}", what, s.ToString());
  };
  while (true) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      if (wake_.wait_for(lock, poll_, [this] { return stopping_; })) return;
    }
    if (index == 0) {
      auto fanned = dispatcher_->FanOut();
      if (!fanned.ok()) warn("fan-out", fanned.status());
    }
    while (true) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (stopping_) return;
      }
      auto delivered = dispatcher_->DeliverOne();
      if (!delivered.ok()) {
        warn("delivery", delivered.status());
        break;
      }
      if (!*delivered) break;
    }
  }
}

}  // namespace prefill
