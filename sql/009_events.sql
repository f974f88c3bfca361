-- The webhook outbox (SPEC 7.2, docs/webhooks.md "The outbox"): one row per
-- event, written in the same database transaction as the change it reports
-- (payment outcomes, REST confirm/expire, the expiry sweep, SEPA mandates and
-- returns, bank transfers received). The delivery worker reads it in
-- (created_at, id) order.
CREATE TABLE IF NOT EXISTS webhook_events (
  id VARCHAR(40) NOT NULL PRIMARY KEY,  -- 'evt_' + 26+ random base62 chars; the webhook-id
  type VARCHAR(64) NOT NULL,            -- e.g. 'transaction.confirmed'
  form_id VARCHAR(191) NOT NULL,        -- for endpoints limited to one form
  sandbox TINYINT(1) NOT NULL,
  body MEDIUMTEXT NOT NULL,             -- the exact JSON body to deliver
  created_at DATETIME(6) NOT NULL,
  KEY webhook_events_created (created_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The expiry sweep (donation_session.expired within a minute of expires_at)
-- reads open sessions past their expires_at: one range of this index.
CREATE INDEX IF NOT EXISTS idx_sessions_state_expiry ON sessions (state, expires_at);
