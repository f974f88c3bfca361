-- Bulk load for the scale figures of bench/run.sh: sessions number @FROM@ to
-- @TO@ (MariaDB's Sequence engine), one commit per batch, shaped as Prefill
-- stores them: a random 64-hex hash, the demo form, JSON values of a donation
-- (a third of them complete with SEPA details), created within the last 20
-- hours and expiring a day after creation (so none is expired or purged).
-- All are sandbox sessions, as the bench reads them through the sandbox hash.
INSERT INTO sessions (hash, form_id, sandbox, state, field_values, fixed_fields, metadata, version,
                      created_at, updated_at, expires_at)
SELECT SHA2(CONCAT(seq, '-', RAND(), '-', UUID()), 256), 'demo', 1, 'open',
       CONCAT('{"amount":"', 5 + seq % 200, '.00",',
              IF(seq % 3 = 0, CONCAT('"bank_account_owner":"', f, ' ', l, '","bank_iban":"DE89370400440532013000",'), ''),
              '"basket":"[{\\"sku\\":\\"tree\\",\\"qty\\":', 1 + seq % 9, '}]",',
              '"email":"', LOWER(f), '.', LOWER(l), seq, '@example.org","first_name":"', f, '","last_name":"', l, '"',
              IF(seq % 3 = 0, ',"payment_method":"sepa_direct_debit"', ''), '}'),
       '[]', '{}', seq % 4, created, created + INTERVAL (seq % 600) SECOND, created + INTERVAL 1 DAY
FROM (SELECT seq,
             ELT(1 + seq % 10, 'Anna', 'Ben', 'Clara', 'David', 'Elif', 'Fynn', 'Greta', 'Hannes', 'Ida', 'Jonas') AS f,
             ELT(1 + seq % 8, 'Schmidt', 'Meyer', 'Weber', 'Wagner', 'Becker', 'Hoffmann', 'Koch', 'Richter') AS l,
             UTC_TIMESTAMP(6) - INTERVAL (seq % 72000) SECOND AS created
      FROM seq_@FROM@_to_@TO@) AS generated;
