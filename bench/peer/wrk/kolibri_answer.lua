-- Kolibri 0.19.5: a learner records an answer to an exercise question, as its learn
-- plugin's AssessmentWrapper does on a first try at a question (useProgressTracking):
-- PUT /api/logger/trackprogress/<session id>/ with one new interaction (no attempt id, so
-- a new AttemptLog each time), the progress delta and the time spent.
-- PEER_KOLIBRI_ANSWERS lists "session|item;item;...|cookie|csrf" per learner, separated
-- by ","; requests go round-robin over the learners and each learner's items in turn.
local counter = 0
setup = function(thread)
  counter = counter + 1
  thread:set("id", counter)
end

local entries = {}
local next_entry = 1

init = function(args)
  for item in string.gmatch(os.getenv("PEER_KOLIBRI_ANSWERS") or "", "[^,]+") do
    local s, items, cookie, csrf = string.match(item, "([^|]+)|([^|]+)|([^|]+)|([^|]+)")
    local list = {}
    for i in string.gmatch(items, "[^;]+") do table.insert(list, i) end
    table.insert(entries, {path = "/api/logger/trackprogress/" .. s .. "/",
      items = list, next_item = 1, cookie = cookie, csrf = csrf})
  end
  if #entries == 0 then error("PEER_KOLIBRI_ANSWERS must be set") end
  next_entry = (id or 0) % #entries + 1
end

request = function()
  local e = entries[next_entry]
  next_entry = next_entry % #entries + 1
  local item = e.items[e.next_item]
  e.next_item = e.next_item % #e.items + 1
  local body = '{"progress_delta":0.2,"time_spent_delta":7.5,"interactions":[{"item":"' ..
    item .. '","correct":1,"complete":true,"time_spent":7.5,"hinted":false,"error":false,' ..
    '"answer":{"question":{"numeric-input 1":{"currentValue":"7"}},"hints":[]},' ..
    '"simple_answer":"7"}]}'
  return wrk.format("PUT", e.path, {
    ["Content-Type"] = "application/json",
    ["Cookie"] = e.cookie,
    ["X-CSRFToken"] = e.csrf,
  }, body)
end

-- RESULT <req/s> <p50 ms> <p99 ms> <requests> <http errors (>= 400)> <socket errors>
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d %d\n",
    summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
