-- Set-up, not a figure: creates complete sessions (ready to pay) and writes
-- their hashes to BENCH_SEED_OUT.<thread>, one per line.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
local out
local n = 0
function init(args)
  out = io.open(os.getenv("BENCH_SEED_OUT") .. "." .. thread_id, "w")
  n = thread_id * 1000000 + 500000
end
function request()
  n = n + 1
  return wrk.format("POST", "/app/createSession", form_content_type, form_body(donor_values(n, true)))
end
function response(status, headers, body)
  count_errors(status, body)
  local hash = body:match('"session":{"hash":"(%x+)"')
  if hash and #hash == 64 then out:write(hash, "\n"); out:flush() end
end
