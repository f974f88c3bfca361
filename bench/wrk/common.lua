-- Shared by the bench/wrk/*.lua scenarios (loaded with dofile; bench/run.sh
-- sets BENCH_LUA_DIR). Gives each scenario keep-alive requests and:
--   * session pools read from files of 64-hex hashes (one per line), each wrk
--     thread walking its own slice, so that no two requests in flight touch
--     the same session (updates would otherwise meet in the optimistic check);
--   * an application-error count: a response whose status is not 200 or whose
--     body says "status":"error" (wrk itself counts only HTTP >= 400);
--   * done(): one line "RESULT {json}" with requests/s, p50/p99 and errors.
form_hash = os.getenv("BENCH_FORM_HASH") or "demo_sandbox_hash_0001"
-- Keep-alive is asked for explicitly: Pistache 0.0.5 closes a connection whose
-- request has no Connection header (Prefill's HttpServer works around that,
-- the bare Pistache ceiling does not).
wrk.headers["Connection"] = "keep-alive"
keep_alive = {["Connection"] = "keep-alive"}
form_content_type = {["Content-Type"] = "application/x-www-form-urlencoded", ["Connection"] = "keep-alive"}

local threads = {}
local next_thread_id = 0

function setup(thread)
  thread:set("thread_id", next_thread_id)
  next_thread_id = next_thread_id + 1
  table.insert(threads, thread)
end

app_errors = 0
pool_wraps = 0

function load_hashes(path)
  local hashes = {}
  if not path then return hashes end
  local file = io.open(path, "r")
  if not file then return hashes end
  for line in file:lines() do
    if #line == 64 then hashes[#hashes + 1] = line end
  end
  file:close()
  return hashes
end

-- A slice of `hashes` for this thread (thread_id is set by setup before init).
function thread_slice(hashes)
  local count = tonumber(os.getenv("BENCH_WRK_THREADS") or "1")
  local per = math.floor(#hashes / count)
  local slice = {}
  for i = thread_id * per + 1, (thread_id + 1) * per do slice[#slice + 1] = hashes[i] end
  return slice
end

-- A cursor over a slice: take() gives the next hash; `once` pools (payments)
-- count each wrap, since a session can be paid only once.
function cursor(slice, once)
  local position = 0
  return function()
    position = position + 1
    if position > #slice then
      position = 1
      if once then pool_wraps = pool_wraps + 1 end
    end
    return slice[position]
  end
end

function count_errors(status, body)
  if status ~= 200 or (body and body:find('"status":"error"', 1, true)) then
    app_errors = app_errors + 1
  end
end

function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function form_body(pairs_list)
  local parts = {}
  for _, kv in ipairs(pairs_list) do parts[#parts + 1] = urlencode(kv[1]) .. "=" .. urlencode(kv[2]) end
  return table.concat(parts, "&")
end

local first_names = {"Anna", "Ben", "Clara", "David", "Elif", "Fynn", "Greta", "Hannes", "Ida", "Jonas"}
local last_names = {"Schmidt", "Meyer", "Weber", "Wagner", "Becker", "Hoffmann", "Koch", "Richter"}

-- Values a shop posts for a donation: amount, donor, a basket.
function donor_values(n, complete)
  local first = first_names[n % #first_names + 1]
  local last = last_names[n % #last_names + 1]
  local values = {
    {"hash", form_hash},
    {"payment[amount]", tostring(5 + n % 200) .. ".00"},
    {"payment[first_name]", first},
    {"payment[last_name]", last},
    {"payment[email]", string.lower(first) .. "." .. string.lower(last) .. n .. "@example.org"},
    {"payment[basket]", '[{"sku":"tree","qty":' .. (1 + n % 9) .. '}]'},
  }
  if complete then
    values[#values + 1] = {"payment[payment_method]", "sepa_direct_debit"}
    values[#values + 1] = {"payment[bank_account_owner]", first .. " " .. last}
    values[#values + 1] = {"payment[bank_iban]", "DE89370400440532013000"}
  end
  return values
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write +
                 summary.errors.status + summary.errors.timeout
  local application, wraps = 0, 0
  for _, thread in ipairs(threads) do
    application = application + (thread:get("app_errors") or 0)
    wraps = wraps + (thread:get("pool_wraps") or 0)
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'RESULT {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"socket_errors":%d,"http_errors":%d,"app_errors":%d,"pool_wraps":%d}\n',
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, errors - summary.errors.status, summary.errors.status,
    application, wraps))
end
