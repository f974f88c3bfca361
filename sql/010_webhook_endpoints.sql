-- Webhook endpoints and their deliveries (SPEC 7.2, docs/webhooks.md). The
-- events themselves are the outbox `webhook_events`, written by the changes
-- they report (migration 009); these tables only read it.
--   - an endpoint's secret is kept as issued ("whsec_..."): it must sign every
--     delivery, so it cannot be stored hashed; no API returns it after creation;
--   - a delivery is one (endpoint, event) pair (primary key), so fanning an
--     event out twice, from any number of nodes, makes one delivery;
--   - `attempts` is the claim token: a worker claims a due delivery by
--     raising it with a compare-and-set that also moves next_attempt_at to the
--     end of its lease (no GET_LOCK, no row held locked across the HTTP call);
--   - one log row per attempt, keyed by the attempt's number;
--   - webhook_fanout holds how far the fan-out has read the outbox.
-- Every table has a primary key (Galera).

CREATE TABLE webhook_endpoints (
  id VARCHAR(40) NOT NULL PRIMARY KEY,
  url VARCHAR(2048) NOT NULL,
  events VARCHAR(1024) NOT NULL,
  form_id VARCHAR(191) NULL,
  secret VARCHAR(128) NOT NULL,
  enabled TINYINT(1) NOT NULL DEFAULT 1,
  disabled_reason VARCHAR(255) NOT NULL DEFAULT '',
  created_at DATETIME(6) NOT NULL,
  KEY webhook_endpoints_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE webhook_deliveries (
  endpoint_id VARCHAR(40) NOT NULL,
  event_id VARCHAR(40) NOT NULL,
  event_type VARCHAR(64) NOT NULL,
  status ENUM('pending', 'succeeded', 'failed') NOT NULL DEFAULT 'pending',
  attempts INT NOT NULL DEFAULT 0,
  failures INT NOT NULL DEFAULT 0,
  next_attempt_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (endpoint_id, event_id),
  KEY webhook_deliveries_due (status, next_attempt_at),
  KEY webhook_deliveries_event (event_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE webhook_attempts (
  endpoint_id VARCHAR(40) NOT NULL,
  event_id VARCHAR(40) NOT NULL,
  attempt INT NOT NULL,
  event_type VARCHAR(64) NOT NULL,
  attempted_at DATETIME(6) NOT NULL,
  http_status SMALLINT NULL,
  error VARCHAR(255) NOT NULL DEFAULT '',
  next_attempt_at DATETIME(6) NULL,
  duration_ms INT NOT NULL DEFAULT 0,
  PRIMARY KEY (endpoint_id, event_id, attempt),
  KEY webhook_attempts_endpoint (endpoint_id, attempted_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE webhook_fanout (
  name VARCHAR(32) NOT NULL PRIMARY KEY,
  cursor_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
