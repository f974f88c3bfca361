#include "providers/webhook_sender.h"

#include <algorithm>

#include "providers/provider_http.h"
#include "webhooks/webhook_url.h"

namespace prefill {

webhooks::WebhookAnswer CurlWebhookSender::Post(const webhooks::WebhookPost& post) {
  webhooks::WebhookAnswer answer;
  // The stored URL passed CheckWebhookUrl when it was created; the shape is
  // checked again here (http(s) only) because that is what curl will parse.
  const webhooks::UrlVerdict verdict = webhooks::CheckWebhookUrl(post.url, /*allow_private=*/true);
  if (!verdict.ok() || (verdict.url.scheme == "http" && !options_.allow_private)) {
    answer.error = "URL refused: " + (verdict.ok() ? std::string("plain http") : verdict.reason);
    return answer;
  }
  ProviderRequest request;
  request.method = "POST";
  request.url = post.url;
  request.headers = post.headers;
  request.body = post.body;
  ProviderHttpOptions options;
  options.total_timeout = options_.timeout;
  options.connect_timeout = std::min(options_.timeout, std::chrono::milliseconds(5000));
  options.max_response_bytes = options_.max_response_bytes;
  AddressGuard guard;
  if (!options_.allow_private) guard = webhooks::IsPublicSocketAddress;
  auto response = PerformHttp(request, options, guard);
  if (!response.ok()) {
    answer.error = response.status().message();
    return answer;
  }
  switch (response->outcome) {
    case ProviderResponse::Outcome::kAnswered:
      answer.answered = true;
      answer.status = response->status;
      break;
    case ProviderResponse::Outcome::kTooLarge:
      answer.answered = response->status > 0;
      answer.status = response->status;
      if (!answer.answered) answer.error = response->error;
      break;
    case ProviderResponse::Outcome::kTimeout:
      answer.error = "no answer within " + std::to_string(options_.timeout.count()) + " ms";
      break;
    case ProviderResponse::Outcome::kTransport:
      answer.error = response->error;
      break;
  }
  return answer;
}

}  // namespace prefill
