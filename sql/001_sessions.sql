-- Donation sessions (SPEC section 4). One row per session; field values are a
-- JSON object of canonical strings, stored byte-exact (utf8mb4_bin).
-- `id` orders sessions for cursor pagination; `hash` is the public fbSessionHash.
-- `version` is the optimistic-concurrency token: every update is
-- "UPDATE ... WHERE hash = ? AND version = ?", so concurrent writers never lose each other.
CREATE TABLE sessions (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  hash VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  form_id VARCHAR(64) NOT NULL,
  sandbox TINYINT(1) NOT NULL DEFAULT 0,
  state ENUM('open', 'processing', 'completed', 'expired') NOT NULL DEFAULT 'open',
  field_values MEDIUMTEXT NOT NULL,
  fixed_fields TEXT NOT NULL,
  metadata MEDIUMTEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 0,
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  expires_at DATETIME(6) NOT NULL,
  UNIQUE KEY uq_sessions_hash (hash),
  KEY idx_sessions_expires_at (expires_at),
  KEY idx_sessions_form (form_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
