-- POST /app/payment (session mode, sandbox): each request pays its own
-- complete session from BENCH_PAY_FILE; a payment that is not "confirmed"
-- counts as an application error.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
local take
function init(args) take = cursor(thread_slice(load_hashes(os.getenv("BENCH_PAY_FILE"))), true) end
function request()
  local body = form_body({{"hash", form_hash}, {"fbSessionHash", take()}, {"ip", "127.0.0.1"}})
  return wrk.format("POST", "/app/payment", form_content_type, body)
end
function response(status, headers, body)
  if status ~= 200 or not body:find('"payment_status":"confirmed"', 1, true) then app_errors = app_errors + 1 end
end
