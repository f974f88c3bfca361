-- GET /readyz: a diagnostic between /healthz and a session call. The request
-- is handed to a worker thread, which runs one round trip to MariaDB
-- ("SELECT 1" on a pooled connection) and answers from the worker: the cost of
-- Prefill's blocking-route path without any session work.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
wrk.method = "GET"
wrk.path = "/readyz"
