// CurlWebhookSender: webhooks::WebhookSender on the providers' libcurl
// transfer (provider_http.h: PerformHttp), for the delivery worker.
//
// Each POST: the configured total timeout (15 s by default, SPEC 7.2), no
// redirect followed (a 3xx is the answer), at most 64 KiB of answer read
// (the status decides, the body is never needed; a longer answer is cut and
// its status kept), TLS verified, no proxy, and every address the URL's name
// resolves to checked just before connecting (IsPublicSocketAddress) unless
// allow_private — a name re-pointed at 127.0.0.1 or 10.x after the endpoint
// was accepted is refused. Only http and https.
//
// Logs nothing (bodies and signatures are the caller's). Thread-safe.
#pragma once

#include <chrono>

#include "webhooks/webhook_dispatcher.h"

namespace prefill {

struct WebhookSenderOptions {
  std::chrono::milliseconds timeout{15000};
  size_t max_response_bytes = 64 * 1024;
  bool allow_private = false;
};

class CurlWebhookSender : public webhooks::WebhookSender {
 public:
  explicit CurlWebhookSender(WebhookSenderOptions options) : options_(options) {}
  webhooks::WebhookAnswer Post(const webhooks::WebhookPost& post) override;

 private:
  const WebhookSenderOptions options_;
};

}  // namespace prefill
