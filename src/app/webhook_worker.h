// WebhookWorker: the background delivery of webhooks (SPEC 7.2) in one
// Prefill process: `threads` threads, none of them an HTTP I/O or request
// thread. Every `poll` each thread delivers due deliveries one by one
// (WebhookDispatcher::DeliverOne: a claim per delivery, so any number of
// threads and nodes share the work without sending one attempt twice) until
// none is due; the first thread also fans new outbox events out first.
// Fan-out runs on every node too: adding a delivery twice is a no-op.
//
// Failures (database down, a missing table) are logged at most once a minute
// per thread and retried next poll. The destructor stops the threads and
// joins them; a send in flight finishes first (at most the send timeout).
// One log line per attempt: endpoint, event, attempt, outcome — never the
// secret, the signature or the body.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "webhooks/webhook_dispatcher.h"

namespace prefill {

class WebhookWorker {
 public:
  WebhookWorker(webhooks::WebhookDispatcher* dispatcher, int threads, std::chrono::milliseconds poll);
  ~WebhookWorker();
  WebhookWorker(const WebhookWorker&) = delete;
  WebhookWorker& operator=(const WebhookWorker&) = delete;

 private:
  void Run(int index);

  webhooks::WebhookDispatcher* dispatcher_;
  const std::chrono::milliseconds poll_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace prefill
