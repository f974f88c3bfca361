-- POST /app/updateSession with values: the donor changes amount, e-mail, name.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
local take
local n = 0
function init(args)
  take = cursor(thread_slice(load_hashes(os.getenv("BENCH_POOL_FILE"))), false)
  n = thread_id * 1000000
end
function request()
  n = n + 1
  local values = donor_values(n, false)
  table.insert(values, 2, {"fbSessionHash", take()})
  return wrk.format("POST", "/app/updateSession", form_content_type, form_body(values))
end
function response(status, headers, body) count_errors(status, body) end
