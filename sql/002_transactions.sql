-- Payment attempts (SPEC section 5). One row per attempt; a session may have
-- several (a declined card, then another one), at most one of them confirmed.
-- `id` is an opaque random UUID, never sequential. No secret is stored: the
-- IBAN only as its last four characters, no card token, no donor IP.
-- Rows outlive their session (sessions are purged after retention, payment
-- records are bookkeeping), so there is no foreign key to `sessions`.
-- `status` changes only by compare-and-set: "UPDATE ... WHERE id = ? AND status = ?".
CREATE TABLE transactions (
  id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  session_hash VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  form_id VARCHAR(64) NOT NULL,
  amount DECIMAL(15, 2) NOT NULL,
  currency CHAR(3) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  payment_method VARCHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  interval_months TINYINT UNSIGNED NOT NULL DEFAULT 0,
  status ENUM('pending', 'confirmed', 'awaiting', 'failed', 'cancelled') NOT NULL,
  is_test TINYINT(1) NOT NULL,
  masked_iban VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NULL,
  provider_reference VARCHAR(255) NOT NULL DEFAULT '',
  failure_reason VARCHAR(255) NOT NULL DEFAULT '',
  transfer_account_holder VARCHAR(255) NULL,
  transfer_iban VARCHAR(34) NULL,
  transfer_bic VARCHAR(11) NULL,
  transfer_reference VARCHAR(64) NULL,
  success_url VARCHAR(2048) NOT NULL DEFAULT '',
  failure_url VARCHAR(2048) NOT NULL DEFAULT '',
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  KEY idx_transactions_session (session_hash, created_at),
  KEY idx_transactions_status (status, updated_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
