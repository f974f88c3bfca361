// MySqlWebhookStore: webhooks::WebhookStore on MariaDB (sql/010_webhook_endpoints.sql)
// and the outbox table webhook_events (sql/009). Every statement is prepared
// with bound parameters. Claims are compare-and-set UPDATEs on the delivery's
// attempt counter, each waiting causally on Galera (wsrep_sync_wait) like the
// job leases; a lost race (1213, also at COMMIT on Galera) is "not claimed",
// never an error; RecordAttempt retries its transaction on a lost race.
// Thread-safe (every call leases its own pooled connection).
#pragma once

#include "storage/connection_pool.h"
#include "webhooks/webhook_store.h"

namespace prefill {

class MySqlWebhookStore : public webhooks::WebhookStore {
 public:
  explicit MySqlWebhookStore(ConnectionPool& pool) : pool_(pool) {}

  Status InsertEndpoint(const webhooks::Endpoint& endpoint, const std::string& secret) override;
  Result<std::vector<webhooks::Endpoint>> ListEndpoints() override;
  Result<webhooks::Endpoint> FindEndpoint(const std::string& id) override;
  Status DeleteEndpoint(const std::string& id) override;
  Result<std::vector<webhooks::Attempt>> ListAttempts(const std::string& endpoint_id, size_t limit) override;

  Result<std::optional<TimePoint>> FanOutCursor() override;
  Status AdvanceFanOutCursor(TimePoint to) override;
  Result<std::vector<webhooks::EventHead>> EventsAfter(TimePoint from, const std::string& from_id,
                                                       size_t limit) override;
  Status AddDeliveries(const std::vector<webhooks::NewDelivery>& deliveries) override;

  Result<std::optional<webhooks::ClaimedDelivery>> ClaimDue(TimePoint now, TimePoint lease_until) override;
  Status RecordAttempt(const webhooks::ClaimedDelivery& claimed, const webhooks::AttemptResult& result) override;
  Result<int> RetryEvent(const std::string& event_id, TimePoint now) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace prefill
