// Webhook delivery on MariaDB against a real HTTP receiver on loopback
// (FakeHttpServer): signing checked by an independent implementation, retries
// with one webhook-id, 410, slow / redirecting / huge answers, the retry
// schedule running out and `retry`, filters, two workers on one database,
// and the connect-time address check.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "providers/webhook_sender.h"
#include "storage/mysql_webhook_store.h"
#include "support/fake_http_server.h"
#include "support/test_database.h"
#include "webhook_delivery/webhook_test_support.h"
#include "webhooks/webhook_dispatcher.h"
#include "webhooks/webhook_endpoints.h"

namespace prefill {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::FakeHttpServer;
using testing::FakeResponse;
using testing::ManualClock;
using testing::RecordedRequest;
using testing::TestDatabase;
using webhooks::WebhookDispatcher;

class WebhookDispatcherTest : public ::testing::Test {
 protected:
  WebhookDispatcherTest() : db_("webhook_dispatch"), store_(db_.pool()) {}

  // An endpoint made through the same rules as the CLI and REST API.
  webhooks::CreatedEndpoint Endpoint(const std::string& url, std::vector<std::string> events = {"*"},
                                     const std::string& form = "") {
    webhooks::WebhookEndpoints endpoints(&store_, [](const std::string&) { return true; }, true, clock_.Function());
    auto outcome = endpoints.Create({url, std::move(events), form});
    if (!std::holds_alternative<webhooks::CreatedEndpoint>(outcome)) {
      ADD_FAILURE() << "endpoint refused";
      std::abort();
    }
    return std::get<webhooks::CreatedEndpoint>(outcome);
  }

  std::unique_ptr<WebhookDispatcher> Dispatcher(webhooks::RetrySchedule schedule = {seconds(1), seconds(2)},
                                                milliseconds timeout = milliseconds(2000), bool allow_private = true) {
    WebhookSenderOptions options;
    options.timeout = timeout;
    options.allow_private = allow_private;
    senders_.push_back(std::make_unique<CurlWebhookSender>(options));
    webhooks::DispatcherOptions d;
    d.schedule = std::move(schedule);
    d.send_timeout = timeout;
    return std::make_unique<WebhookDispatcher>(&store_, senders_.back().get(), d, clock_.Function());
  }

  // Fans out, then delivers everything due now; returns the attempts made.
  int Run(WebhookDispatcher& d) {
    auto fanned = d.FanOut();
    EXPECT_TRUE(fanned.ok()) << fanned.status().ToString();
    int attempts = 0;
    while (true) {
      auto one = d.DeliverOne();
      EXPECT_TRUE(one.ok()) << one.status().ToString();
      if (!one.ok() || !*one) return attempts;
      ++attempts;
    }
  }

  void Event(const std::string& id, const std::string& type = "transaction.confirmed", const std::string& form = "f1") {
    clock_.Advance(milliseconds(1));
    testing::InsertEvent(db_, id, type, form, clock_.Now());
  }

  std::string Q(const std::string& sql) { return db_.QueryString(sql); }

  TestDatabase db_;
  MySqlWebhookStore store_;
  ManualClock clock_;
  std::vector<std::unique_ptr<CurlWebhookSender>> senders_;
};

TEST_F(WebhookDispatcherTest, DeliversTheExactBodySignedAsStandardWebhooksSays) {
  FakeHttpServer receiver([](const RecordedRequest&) { return FakeResponse::Json(204, ""); });
  auto endpoint = Endpoint(receiver.base_url() + "/hooks/prefill?src=1");
  Event("evt_signed_0000000000000000001");
  auto d = Dispatcher();
  EXPECT_EQ(Run(*d), 1);
  auto got = receiver.requests();
  ASSERT_EQ(got.size(), 1u);
  const RecordedRequest& r = got[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/hooks/prefill");
  EXPECT_EQ(r.query, "src=1");
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("webhook-id"), "evt_signed_0000000000000000001");
  EXPECT_EQ(r.body, testing::EventBody("evt_signed_0000000000000000001", "transaction.confirmed"));
  const std::string timestamp = r.header("webhook-timestamp");
  EXPECT_NEAR(std::stoll(timestamp), std::chrono::duration_cast<seconds>(clock_.Now().time_since_epoch()).count(), 1);
  ASSERT_EQ(r.header("webhook-signature").rfind("v1,", 0), 0u);
  EXPECT_TRUE(testing::VerifiedByPython(endpoint.secret, r.header("webhook-id"), timestamp, r.body,
                                        r.header("webhook-signature")));
  // The independent check is not a rubber stamp: a changed body fails it.
  EXPECT_FALSE(testing::VerifiedByPython(endpoint.secret, r.header("webhook-id"), timestamp, r.body + " ",
                                         r.header("webhook-signature")));
  EXPECT_EQ(Q("SELECT status FROM webhook_deliveries"), "succeeded");
  EXPECT_EQ(Q("SELECT http_status FROM webhook_attempts"), "204");
  EXPECT_EQ(Run(*d), 0);  // nothing twice
  EXPECT_EQ(receiver.requests().size(), 1u);
}

TEST_F(WebhookDispatcherTest, FailsTwiceThenSucceedsWithOneWebhookIdAndAThreeRowLog) {
  std::atomic<int> calls{0};
  FakeHttpServer receiver([&](const RecordedRequest&) {
    return FakeResponse::Json(++calls <= 2 ? 503 : 200, "{}");
  });
  auto endpoint = Endpoint(receiver.base_url() + "/h");
  Event("evt_retry_00000000000000000001");
  auto d = Dispatcher({seconds(5), seconds(300)});
  EXPECT_EQ(Run(*d), 1);
  EXPECT_EQ(Run(*d), 0) << "not due before its delay";
  clock_.Advance(seconds(6));
  EXPECT_EQ(Run(*d), 1);
  clock_.Advance(seconds(299));
  EXPECT_EQ(Run(*d), 0) << "the second delay is the schedule's second";
  clock_.Advance(seconds(32));
  EXPECT_EQ(Run(*d), 1);
  auto got = receiver.requests();
  ASSERT_EQ(got.size(), 3u);
  std::set<std::string> timestamps;
  for (const auto& r : got) {
    EXPECT_EQ(r.header("webhook-id"), "evt_retry_00000000000000000001");
    timestamps.insert(r.header("webhook-timestamp"));
    EXPECT_TRUE(testing::VerifiedByPython(endpoint.secret, r.header("webhook-id"), r.header("webhook-timestamp"),
                                          r.body, r.header("webhook-signature")));
  }
  EXPECT_EQ(timestamps.size(), 3u) << "each attempt is signed with its own time";
  auto log = store_.ListAttempts(endpoint.endpoint.id, 10);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 3u);  // newest first
  EXPECT_EQ((*log)[0].attempt, 3);
  EXPECT_EQ((*log)[0].http_status, 200);
  EXPECT_FALSE((*log)[0].next_attempt_at.has_value());
  EXPECT_EQ((*log)[1].http_status, 503);
  EXPECT_EQ((*log)[2].http_status, 503);
  ASSERT_TRUE((*log)[2].next_attempt_at.has_value());
  const auto delay = *(*log)[2].next_attempt_at - (*log)[2].attempted_at;
  EXPECT_GE(delay, seconds(5));
  EXPECT_LE(delay, milliseconds(5600));
  EXPECT_EQ(Q("SELECT status FROM webhook_deliveries"), "succeeded");
}

TEST_F(WebhookDispatcherTest, GoneDisablesTheEndpoint) {
  FakeHttpServer receiver([](const RecordedRequest&) { return FakeResponse::Json(410, ""); });
  auto endpoint = Endpoint(receiver.base_url() + "/gone");
  Event("evt_gone_000000000000000000001");
  Event("evt_gone_000000000000000000002");
  auto d = Dispatcher();
  Run(*d);
  EXPECT_EQ(receiver.requests().size(), 1u) << "the second delivery is not sent to a disabled endpoint";
  auto found = store_.FindEndpoint(endpoint.endpoint.id);
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->enabled);
  EXPECT_EQ(found->disabled_reason, "the receiver answered 410 Gone");
  Event("evt_gone_000000000000000000003");
  clock_.Advance(seconds(100));
  Run(*d);
  EXPECT_EQ(receiver.requests().size(), 1u);
  EXPECT_EQ(Q("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'failed'"), "1");
}

TEST_F(WebhookDispatcherTest, SlowRedirectingAndHugeAnswers) {
  FakeHttpServer receiver([](const RecordedRequest& r) {
    FakeResponse response = FakeResponse::Json(200, "{}");
    if (r.path == "/slow") response.delay = milliseconds(3000);
    if (r.path == "/redirect") {
      response.status = 302;
      response.headers.push_back({"Location", "/target"});
    }
    if (r.path == "/huge") response.padding_bytes = 20 * 1024 * 1024;
    return response;
  });
  auto slow = Endpoint(receiver.base_url() + "/slow");
  auto redirect = Endpoint(receiver.base_url() + "/redirect");
  auto huge = Endpoint(receiver.base_url() + "/huge");
  Event("evt_answers_000000000000000001");
  auto d = Dispatcher({seconds(60)}, milliseconds(1000));
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(Run(*d), 3);
  EXPECT_LT(std::chrono::steady_clock::now() - started, seconds(6)) << "bounded by the timeout, not the receiver";
  EXPECT_TRUE(receiver.requests("POST", "/target").empty()) << "redirects are not followed";

  auto last = [&](const webhooks::CreatedEndpoint& e) { return store_.ListAttempts(e.endpoint.id, 1)->at(0); };
  const auto slow_attempt = last(slow);
  EXPECT_FALSE(slow_attempt.http_status.has_value());
  EXPECT_EQ(slow_attempt.error, "no answer within 1000 ms");
  EXPECT_TRUE(slow_attempt.next_attempt_at.has_value());
  const auto redirect_attempt = last(redirect);
  EXPECT_EQ(redirect_attempt.http_status, 302);
  EXPECT_EQ(redirect_attempt.error, "redirect not followed");
  EXPECT_TRUE(redirect_attempt.next_attempt_at.has_value());
  const auto huge_attempt = last(huge);
  EXPECT_EQ(huge_attempt.http_status, 200) << huge_attempt.error;  // the status decides; the body is cut
  EXPECT_FALSE(huge_attempt.next_attempt_at.has_value());
  EXPECT_EQ(Q("SELECT status FROM webhook_deliveries WHERE endpoint_id = '" + huge.endpoint.id + "'"), "succeeded");
}

TEST_F(WebhookDispatcherTest, ScheduleRunsOutThenRetrySendsTheEventAgain) {
  std::atomic<bool> healthy{false};
  FakeHttpServer receiver([&](const RecordedRequest&) { return FakeResponse::Json(healthy ? 200 : 500, ""); });
  auto endpoint = Endpoint(receiver.base_url() + "/h");
  Event("evt_exhaust_000000000000000001");
  auto d = Dispatcher({seconds(1)});
  EXPECT_EQ(Run(*d), 1);
  clock_.Advance(seconds(2));
  EXPECT_EQ(Run(*d), 1);
  clock_.Advance(seconds(3600));
  EXPECT_EQ(Run(*d), 0) << "two attempts for a schedule of one delay";
  EXPECT_EQ(Q("SELECT status FROM webhook_deliveries"), "failed");

  healthy = true;
  webhooks::WebhookEndpoints endpoints(&store_, nullptr, true, clock_.Function());
  auto retried = endpoints.Retry("evt_exhaust_000000000000000001");
  ASSERT_TRUE(retried.ok()) << retried.status().ToString();
  EXPECT_EQ(*retried, 1);
  EXPECT_EQ(Run(*d), 1);
  EXPECT_EQ(Q("SELECT status FROM webhook_deliveries"), "succeeded");
  auto ids = receiver.requests();
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[2].header("webhook-id"), ids[0].header("webhook-id"));
  EXPECT_EQ(Q("SELECT COUNT(*) FROM webhook_attempts"), "3");
  EXPECT_TRUE(endpoints.Retry("evt_unknown").status().Is(Status::Code::kNotFound));
}

TEST_F(WebhookDispatcherTest, FiltersByTypeFormAndCreationTime) {
  FakeHttpServer receiver([](const RecordedRequest&) { return FakeResponse::Json(200, ""); });
  Event("evt_filter_before_00000000001");  // older than every endpoint
  clock_.Advance(milliseconds(5));
  auto all = Endpoint(receiver.base_url() + "/all");
  auto failed = Endpoint(receiver.base_url() + "/failed", {"transaction.failed"});
  auto form = Endpoint(receiver.base_url() + "/form", {"*"}, "form-b");
  Event("evt_filter_confirmed_a_000001", "transaction.confirmed", "form-a");
  Event("evt_filter_failed_b_000000001", "transaction.failed", "form-b");
  Event("evt_filter_expired_b_00000001", "donation_session.expired", "form-b");
  auto d = Dispatcher();
  EXPECT_EQ(Run(*d), 3 + 1 + 2);
  auto ids = [&](const std::string& path) {
    std::set<std::string> out;
    for (const auto& r : receiver.requests("POST", path)) out.insert(r.header("webhook-id"));
    return out;
  };
  EXPECT_EQ(ids("/all"), (std::set<std::string>{"evt_filter_confirmed_a_000001", "evt_filter_failed_b_000000001",
                                                "evt_filter_expired_b_00000001"}));
  EXPECT_EQ(ids("/failed"), (std::set<std::string>{"evt_filter_failed_b_000000001"}));
  EXPECT_EQ(ids("/form"), (std::set<std::string>{"evt_filter_failed_b_000000001", "evt_filter_expired_b_00000001"}));
}

TEST_F(WebhookDispatcherTest, LateCommittedEventWithAnOlderTimeIsStillFannedOut) {
  FakeHttpServer receiver([](const RecordedRequest&) { return FakeResponse::Json(200, ""); });
  Endpoint(receiver.base_url() + "/h");
  clock_.Advance(seconds(1));
  const TimePoint early = clock_.Now();
  Event("evt_late_second_0000000000001");
  auto d = Dispatcher();
  EXPECT_EQ(Run(*d), 1);
  // Its transaction took the time before the one above but committed after the fan-out.
  testing::InsertEvent(db_, "evt_late_first_00000000000001", "transaction.confirmed", "f1", early);
  EXPECT_EQ(Run(*d), 1);
  EXPECT_EQ(receiver.requests().size(), 2u);
}

TEST_F(WebhookDispatcherTest, TwoWorkersOnOneDatabaseSendEachAttemptOnce) {
  std::mutex mu;
  std::map<std::string, int> seen;  // path + webhook-id -> count
  FakeHttpServer receiver([&](const RecordedRequest& r) {
    std::lock_guard<std::mutex> lock(mu);
    ++seen[r.path + " " + r.header("webhook-id")];
    return FakeResponse::Json(200, "");
  });
  Endpoint(receiver.base_url() + "/one");
  Endpoint(receiver.base_url() + "/two");
  constexpr int kEvents = 40;
  for (int i = 0; i < kEvents; ++i) Event("evt_race_" + std::to_string(100000 + i));
  // Two "nodes": each its own connection pool, store and dispatcher, three threads each.
  TestDatabase& db = db_;
  auto node = [&](int) {
    ConnectionPool pool(db.config(), {});
    MySqlWebhookStore store(pool);
    WebhookSenderOptions options;
    options.allow_private = true;
    CurlWebhookSender sender(options);
    webhooks::DispatcherOptions d;
    WebhookDispatcher dispatcher(&store, &sender, d, clock_.Function());
    std::vector<std::thread> threads;
    for (int t = 0; t < 3; ++t) {
      threads.emplace_back([&] {
        (void)dispatcher.FanOut();  // both nodes fan out at once
        for (int idle = 0; idle < 3;) {
          auto one = dispatcher.DeliverOne();
          if (one.ok() && *one) {
            idle = 0;
          } else {
            ++idle;
            (void)dispatcher.FanOut();
          }
        }
      });
    }
    for (auto& t : threads) t.join();
  };
  std::thread a(node, 0), b(node, 1);
  a.join();
  b.join();
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_EQ(seen.size(), 2u * kEvents);
  for (const auto& [key, count] : seen) EXPECT_EQ(count, 1) << key;
  EXPECT_EQ(Q("SELECT COUNT(*) FROM webhook_attempts"), std::to_string(2 * kEvents));
  EXPECT_EQ(Q("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'succeeded' AND attempts = 1"),
            std::to_string(2 * kEvents));
}

TEST_F(WebhookDispatcherTest, ANameThatResolvesToTheLoopbackIsRefusedAtConnectTime) {
  FakeHttpServer receiver([](const RecordedRequest&) { return FakeResponse::Json(200, ""); });
  // As if a public name accepted at creation now resolves to 127.0.0.1: the
  // stored URL is a name ("localhost" here, which the resolver maps to the
  // loopback), and the sender refuses every address it resolves to.
  webhooks::Endpoint e;
  e.id = "we_repointed";
  e.url = "https://localhost:" + std::to_string(receiver.port()) + "/h";
  e.events.all = true;
  e.created_at = clock_.Now();
  ASSERT_TRUE(store_.InsertEndpoint(e, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").ok());
  Event("evt_ssrf_000000000000000000001");
  auto d = Dispatcher({seconds(1)}, milliseconds(2000), /*allow_private=*/false);
  EXPECT_EQ(Run(*d), 1);
  auto attempt = store_.ListAttempts("we_repointed", 1)->at(0);
  EXPECT_FALSE(attempt.http_status.has_value());
  EXPECT_EQ(attempt.error, "address refused: not a public address");
  EXPECT_TRUE(receiver.requests().empty());

  // The sender alone: a loopback literal, and plain http, are refused the same way.
  WebhookSenderOptions strict;
  CurlWebhookSender sender(strict);
  auto https_literal = sender.Post({"https://127.0.0.1:" + std::to_string(receiver.port()) + "/h", {}, "{}"});
  EXPECT_FALSE(https_literal.answered);
  EXPECT_EQ(https_literal.error, "address refused: not a public address");
  auto mapped = sender.Post({"https://[::ffff:127.0.0.1]:" + std::to_string(receiver.port()) + "/h", {}, "{}"});
  EXPECT_EQ(mapped.error, "address refused: not a public address");
  auto plain = sender.Post({receiver.base_url() + "/h", {}, "{}"});
  EXPECT_FALSE(plain.answered);
  EXPECT_TRUE(receiver.requests().empty());
}

TEST_F(WebhookDispatcherTest, ADeliveryWhoseEventIsGoneFailsInsteadOfStickingAround) {
  FakeHttpServer receiver([](const RecordedRequest&) { return FakeResponse::Json(200, ""); });
  Endpoint(receiver.base_url() + "/h");
  Event("evt_gone_row_0000000000000001");
  auto d = Dispatcher();
  ASSERT_TRUE(d->FanOut().ok());
  db_.Execute("DELETE FROM webhook_events");
  EXPECT_EQ(Run(*d), 1);
  EXPECT_EQ(Q("SELECT status FROM webhook_deliveries"), "failed");
  EXPECT_EQ(Q("SELECT error FROM webhook_attempts"), "the event is no longer stored");
  EXPECT_TRUE(receiver.requests().empty());
  clock_.Advance(seconds(3600));
  EXPECT_EQ(Run(*d), 0);
}

TEST_F(WebhookDispatcherTest, NoDeliveryIsWrittenForAnEndpointDeletedAfterTheFanOutReadIt) {
  // The fan-out reads the endpoints, then writes deliveries; an endpoint
  // deleted in between (DeleteEndpoint drops its deliveries) must not get a
  // delivery that nobody would ever claim. It stayed behind once in a run of
  // WebhookApiTest.CreateListDeliverAndDelete.
  FakeHttpServer receiver([](const RecordedRequest&) { return FakeResponse::Json(200, ""); });
  const auto kept = Endpoint(receiver.base_url() + "/kept");
  const auto gone = Endpoint(receiver.base_url() + "/gone");
  ASSERT_TRUE(store_.DeleteEndpoint(gone.endpoint.id).ok());
  const TimePoint due = clock_.Function()();
  ASSERT_TRUE(store_
                  .AddDeliveries({{gone.endpoint.id, "evt_late_fanout_00000000001", "transaction.confirmed", due},
                                  {kept.endpoint.id, "evt_late_fanout_00000000001", "transaction.confirmed", due}})
                  .ok());
  EXPECT_EQ(Q("SELECT GROUP_CONCAT(endpoint_id) FROM webhook_deliveries"), kept.endpoint.id);
}

}  // namespace
}  // namespace prefill
