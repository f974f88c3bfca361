#include "http/sandbox_approval.h"

#include "http/payment_api.h"

namespace prefill {
namespace {

HttpResponse Html(int status, const std::string& title, const std::string& body_html) {
  HttpResponse response;
  response.status = status;
  response.body = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                  "<title>" + EscapeHtml(title) + "</title>"
                  "<style>body{font-family:sans-serif;max-width:32em;margin:3em auto;padding:0 1em}"
                  ".sandbox{background:#ffe9a8;padding:.5em 1em;border-radius:4px}"
                  "button{font-size:1.1em;padding:.5em 1.5em;margin-right:1em}</style></head><body>"
                  "<p class=\"sandbox\">Prefill sandbox: no money moves.</p>" +
                  body_html + "</body></html>\n";
  SetPaymentPageHeaders(response, "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
  return response;
}

HttpResponse NotFoundPage() {
  return Html(404, "Unknown sandbox payment",
              "<h1>Unknown sandbox payment</h1><p>There is no sandbox PayPal payment with this id.</p>");
}

HttpResponse UnavailablePage() {
  HttpResponse r = Html(503, "Try again", "<h1>Try again</h1><p>The payment could not be loaded. "
                                          "Please try again in a moment.</p>");
  r.SetHeader("Retry-After", "1");
  return r;
}

// Loads a transaction this page may show: a sandbox PayPal payment.
Result<Transaction> LoadSandboxPaypal(PaymentService& payments, const std::string& id) {
  Result<Transaction> found = payments.FindTransaction(id);
  if (!found.ok()) return found.status();
  if (!found->is_test || found->payment_method != "paypal") return Status::NotFound("not a sandbox paypal payment");
  return found;
}

HttpResponse ErrorPage(const Status& status) {
  return status.Is(Status::Code::kNotFound) ? NotFoundPage() : UnavailablePage();
}

std::string Summary(const Transaction& t) {
  return "<dl><dt>Amount</dt><dd>" + EscapeHtml(t.amount) + " " + EscapeHtml(t.currency) +
         "</dd><dt>Reference</dt><dd>" + EscapeHtml(t.provider_reference) + "</dd></dl>";
}

HttpResponse ResultPage(int status, const Transaction& t) {
  std::string body;
  std::string title;
  if (t.status == TransactionStatus::kConfirmed) {
    title = "Payment approved";
    body = "<h1>Payment approved</h1><p>Thank you. The donation is confirmed.</p>";
  } else if (t.status == TransactionStatus::kAwaiting || t.status == TransactionStatus::kPending) {
    title = "Payment open";
    body = "<h1>Payment open</h1><p>This payment has not been decided yet.</p>";
  } else {
    title = "Payment not completed";
    body = "<h1>Payment not completed</h1><p>" + EscapeHtml(t.failure_reason) +
           "</p><p>The donation form is open again.</p>";
  }
  const std::string& next = t.status == TransactionStatus::kConfirmed ? t.success_url : t.failure_url;
  if (!next.empty() && IsAcceptableRedirectUrl(next)) {
    body += "<p><a href=\"" + EscapeHtml(next) + "\">Back to the shop</a></p>";
  }
  return Html(status, title, body + Summary(t));
}

}  // namespace

std::string EscapeHtml(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

void SetPaymentPageHeaders(HttpResponse& response, const std::string& csp) {
  response.SetHeader("Content-Type", "text/html; charset=utf-8");
  response.SetHeader("Cache-Control", "no-store");
  response.SetHeader("Content-Security-Policy", csp);
  response.SetHeader("X-Frame-Options", "DENY");
  response.SetHeader("X-Content-Type-Options", "nosniff");
  response.SetHeader("Referrer-Policy", "no-referrer");
}

HttpResponse SandboxApprovalPage(PaymentService& payments, const std::string& transaction_id) {
  Result<Transaction> found = LoadSandboxPaypal(payments, transaction_id);
  if (!found.ok()) return ErrorPage(found.status());
  const Transaction& t = *found;
  if (t.status != TransactionStatus::kAwaiting) return ResultPage(200, t);
  const std::string action = "/sandbox/paypal/" + EscapeHtml(t.id);
  return Html(200, "Approve your PayPal payment",
              "<h1>Approve your PayPal payment</h1>" + Summary(t) +
                  "<form method=\"post\" action=\"" + action + "/approve\" style=\"display:inline\">"
                  "<button type=\"submit\" id=\"approve\">Approve</button></form>"
                  "<form method=\"post\" action=\"" + action + "/cancel\" style=\"display:inline\">"
                  "<button type=\"submit\" id=\"cancel\">Cancel</button></form>");
}

HttpResponse SandboxApprovalDecision(PaymentService& payments, const std::string& transaction_id, bool approved) {
  Result<Transaction> found = LoadSandboxPaypal(payments, transaction_id);
  if (!found.ok()) return ErrorPage(found.status());
  Result<Transaction> decided = payments.ResolveAwaiting(transaction_id, approved);
  if (!decided.ok()) return ErrorPage(decided.status());
  const Transaction& t = *decided;
  const bool confirmed = t.status == TransactionStatus::kConfirmed;
  if (confirmed != approved) return ResultPage(409, t);  // decided the other way before
  const std::string& next = confirmed ? t.success_url : t.failure_url;
  if (!next.empty() && IsAcceptableRedirectUrl(next)) {
    HttpResponse redirect;
    redirect.status = 303;
    redirect.SetHeader("Location", next);
    redirect.SetHeader("Cache-Control", "no-store");
    return redirect;
  }
  return ResultPage(200, t);
}

}  // namespace prefill
