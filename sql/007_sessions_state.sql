-- Payment reconciliation (docs/payments.md) lists the sessions left in state
-- `processing`. Keyed on (state, hash) rather than updated_at: the entry
-- changes only when a session's state does, not on every update of its
-- values, and the listing pages by hash.
CREATE INDEX idx_sessions_state ON sessions (state, hash);
