-- A realistic mix: 40% read, 30% update, 20% create, 10% payment, interleaved
-- in a fixed order of ten. Reads and updates walk BENCH_POOL_FILE; payments
-- pay sessions of BENCH_PAY_FILE once each.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
local order = {"read", "update", "create", "read", "payment", "update", "read", "create", "update", "read"}
local take_open, take_complete
local n = 0
function init(args)
  take_open = cursor(thread_slice(load_hashes(os.getenv("BENCH_POOL_FILE"))), false)
  take_complete = cursor(thread_slice(load_hashes(os.getenv("BENCH_PAY_FILE"))), true)
  n = thread_id * 1000000
end
function request()
  n = n + 1
  local kind = order[n % #order + 1]
  if kind == "read" then
    return wrk.format("GET", "/app/updateSession?hash=" .. form_hash .. "&fbSessionHash=" .. take_open(), keep_alive)
  elseif kind == "update" then
    local values = donor_values(n, false)
    table.insert(values, 2, {"fbSessionHash", take_open()})
    return wrk.format("POST", "/app/updateSession", form_content_type, form_body(values))
  elseif kind == "create" then
    return wrk.format("POST", "/app/createSession", form_content_type, form_body(donor_values(n, false)))
  end
  local body = form_body({{"hash", form_hash}, {"fbSessionHash", take_complete()}, {"ip", "127.0.0.1"}})
  return wrk.format("POST", "/app/payment", form_content_type, body)
end
function response(status, headers, body) count_errors(status, body) end
