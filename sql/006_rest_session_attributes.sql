-- What the REST API's create call records about a session beyond the session
-- core's fields (SPEC section 7): type, successUrl, userId, accountId, language,
-- currency. One row per session made through POST /v1/donation-sessions; a
-- session made through the form API has none (defaults apply). Deleted with
-- its session.
CREATE TABLE rest_session_attributes (
  session_hash VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  session_type VARCHAR(40) NOT NULL,
  success_url VARCHAR(2048) NOT NULL,
  user_id VARCHAR(255) NOT NULL,
  account_id VARCHAR(255) NOT NULL,
  language VARCHAR(35) NOT NULL,
  currency VARCHAR(3) NOT NULL,
  CONSTRAINT fk_rest_attributes_session FOREIGN KEY (session_hash) REFERENCES sessions (hash) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
