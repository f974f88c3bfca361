-- GET /healthz: the HTTP path alone (Prefill's inline route, or the bare
-- Pistache ceiling). No response() hook, so wrk does not read bodies here.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
wrk.method = "GET"
wrk.path = "/healthz"
