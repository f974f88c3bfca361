-- POST /app/createSession with what a shop knows: amount, donor, basket.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
local n = 0
function init(args) n = thread_id * 1000000 end
function request()
  n = n + 1
  return wrk.format("POST", "/app/createSession", form_content_type, form_body(donor_values(n, false)))
end
function response(status, headers, body) count_errors(status, body) end
