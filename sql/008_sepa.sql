-- SEPA direct debit (SPEC 5.2) and bank transfer (SPEC 5.4), docs/sepa.md.
-- Every rule of uniqueness is the database's:
--   - a mandate reference is unique per creditor (primary key);
--   - one payment attempt makes at most one mandate and one first collection
--     (unique transaction_id), so a retried or reconciled attempt never doubles;
--   - a mandate has at most one collection per period (unique key), so the
--     scheduler can never collect twice in an interval;
--   - a collection belongs to at most one batch: batch_id is a single column,
--     set once by the export's compare-and-set (WHERE batch_id IS NULL);
--   - a bank transfer reference is unique (primary key).
-- The debtor's full IBAN is kept on the mandate: the bank needs it in every
-- collection file. Transactions keep only its mask, as before.

ALTER TABLE transactions
  MODIFY status ENUM('pending', 'confirmed', 'awaiting', 'failed', 'cancelled', 'pending_transfer', 'returned') NOT NULL,
  ADD COLUMN sepa_mandate_reference VARCHAR(35) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD COLUMN sepa_creditor_id VARCHAR(35) CHARACTER SET ascii COLLATE ascii_bin NULL,
  ADD COLUMN sepa_creditor_name VARCHAR(70) NULL,
  ADD COLUMN sepa_due_date DATE NULL;

CREATE TABLE sepa_mandates (
  creditor_id VARCHAR(35) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  reference VARCHAR(35) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  transaction_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  form_id VARCHAR(64) NOT NULL,
  debtor_name VARCHAR(70) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  debtor_iban VARCHAR(34) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  debtor_bic VARCHAR(11) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  signature_date DATE NOT NULL,
  interval_months TINYINT UNSIGNED NOT NULL,
  amount_cents BIGINT NOT NULL,
  anchor_date DATE NOT NULL,
  last_period INT NOT NULL,
  last_due_date DATE NOT NULL,
  next_due_date DATE NULL,
  status ENUM('active', 'cancelled', 'lapsed') NOT NULL,
  end_reason VARCHAR(64) NOT NULL DEFAULT '',
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  PRIMARY KEY (creditor_id, reference),
  UNIQUE KEY uq_sepa_mandates_transaction (transaction_id),
  KEY idx_sepa_mandates_reference (reference),
  KEY idx_sepa_mandates_next (status, next_due_date),
  KEY idx_sepa_mandates_last (status, last_due_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE sepa_collections (
  id CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  creditor_id VARCHAR(35) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  mandate_reference VARCHAR(35) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  period INT NOT NULL,
  transaction_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NULL,
  sequence_type ENUM('OOFF', 'RCUR') NOT NULL,
  amount_cents BIGINT NOT NULL,
  due_date DATE NOT NULL,
  status ENUM('scheduled', 'exported', 'returned', 'cancelled') NOT NULL,
  batch_id CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NULL,
  return_reason CHAR(4) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  created_at DATETIME(6) NOT NULL,
  updated_at DATETIME(6) NOT NULL,
  UNIQUE KEY uq_sepa_collections_period (creditor_id, mandate_reference, period),
  UNIQUE KEY uq_sepa_collections_transaction (transaction_id),
  KEY idx_sepa_collections_due (creditor_id, status, due_date),
  KEY idx_sepa_collections_batch (batch_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE sepa_batches (
  id CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  creditor_id VARCHAR(35) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  format VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  until_date DATE NOT NULL,
  tx_count INT NOT NULL,
  control_sum_cents BIGINT NOT NULL,
  xml LONGBLOB NOT NULL,
  created_at DATETIME(6) NOT NULL,
  KEY idx_sepa_batches_creditor (creditor_id, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE bank_transfers (
  reference VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  transaction_id CHAR(36) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  form_id VARCHAR(64) NOT NULL,
  amount_cents BIGINT NOT NULL,
  currency CHAR(3) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  created_at DATETIME(6) NOT NULL,
  UNIQUE KEY uq_bank_transfers_transaction (transaction_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
