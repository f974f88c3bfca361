-- Commerce sessions (SPEC section 7.1, rest/commerce.h). `commerce_sessions`:
-- one row per session of type add_on, portion_of_sales_choice or
-- portion_of_sales, beside its `sessions` row (deleted with it). Money is
-- integer minor units. Only the SHA-256 (hex) of an interactive session's
-- secret is stored. campaigns and allocations are JSON text: the campaigns as
-- given ([form id, ...]), the allocations as [{"campaign","amount"}] (amount in
-- minor units); both are replaced whole, together with a compare-and-set of
-- the session's version, in one transaction.
CREATE TABLE commerce_sessions (
  session_hash VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  session_type VARCHAR(40) NOT NULL,
  amount_minor BIGINT NOT NULL,
  currency VARCHAR(3) NOT NULL,
  campaigns TEXT NOT NULL,
  secret_hash CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL,
  chosen_campaign VARCHAR(64) NULL,
  allocations TEXT NOT NULL,
  CONSTRAINT fk_commerce_session FOREIGN KEY (session_hash) REFERENCES sessions (hash) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Donation intents: what a confirmed commerce session owes each campaign. The
-- unique key (session, campaign) is what makes a confirm happen once, however
-- many run at the same time. No foreign key to `sessions`: money owed is kept
-- when the purge deletes the session long after its expiry. `id` orders the
-- list for keyset pagination (GET /v1/donations).
CREATE TABLE donation_intents (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  public_id VARCHAR(40) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  session_hash VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  campaign VARCHAR(64) NOT NULL,
  amount_minor BIGINT NOT NULL,
  currency VARCHAR(3) NOT NULL,
  status VARCHAR(16) NOT NULL,
  sandbox TINYINT(1) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  UNIQUE KEY uq_donation_intents_public_id (public_id),
  UNIQUE KEY uq_donation_intents_session_campaign (session_hash, campaign),
  KEY idx_donation_intents_campaign (campaign, id),
  KEY idx_donation_intents_status (status, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
