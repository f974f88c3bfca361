-- Idempotency keys of the REST API (SPEC section 7), per API key. A request
-- first inserts a 'pending' row (the primary key makes exactly one of several
-- concurrent requests win), runs, then stores its answer ('done'). The
-- fingerprint is the SHA-256 of method, path and body: the same key with
-- another request is refused. Rows count for 24 hours after created_at.
CREATE TABLE idempotency_keys (
  api_key_id BIGINT UNSIGNED NOT NULL,
  idem_key VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  fingerprint CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  state ENUM('pending', 'done') NOT NULL,
  response_status SMALLINT NOT NULL DEFAULT 0,
  response_body MEDIUMTEXT NOT NULL,
  created_at DATETIME(6) NOT NULL,
  PRIMARY KEY (api_key_id, idem_key),
  KEY idx_idempotency_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
