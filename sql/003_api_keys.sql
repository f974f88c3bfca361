-- Secret API keys of the REST API (SPEC section 7). Only the SHA-256 of a key is
-- stored (hex, key_hash); `prefix` is the first characters of the key, shown by
-- `prefill keys list` so an operator can tell keys apart. A revoked key keeps its
-- row (revoked_at set) for the record; `active_name` makes names unique among
-- keys that are not revoked, so a name can be reused after its key is revoked.
CREATE TABLE api_keys (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  prefix VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  key_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  scopes VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  created_at DATETIME(6) NOT NULL,
  revoked_at DATETIME(6) NULL,
  active_name VARCHAR(100) AS (IF(revoked_at IS NULL, name, NULL)) PERSISTENT,
  UNIQUE KEY uq_api_keys_hash (key_hash),
  UNIQUE KEY uq_api_keys_active_name (active_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
