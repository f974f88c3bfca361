-- GET /app/updateSession without values: read a stored session.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
local take
function init(args) take = cursor(thread_slice(load_hashes(os.getenv("BENCH_POOL_FILE"))), false) end
function request()
  return wrk.format("GET", "/app/updateSession?hash=" .. form_hash .. "&fbSessionHash=" .. take(), keep_alive)
end
function response(status, headers, body) count_errors(status, body) end
