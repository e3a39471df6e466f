-- POST an answer per request, each with a fresh random client_token (a new attempt each
-- time, never a replay). BENCH_ANSWERS lists "session|question|choice|cookie|csrf" entries
-- separated by ",": one per learner; requests go round-robin over them, so several
-- learners answer at once (one learner's answers are serialised on their stats row).
local counter = 0
local threads = {}

setup = function(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local entries = {}
local next_entry = 1

local function uuid4()
  local t = {}
  for i = 1, 16 do t[i] = math.random(0, 255) end
  t[7] = 0x40 + (t[7] % 16)
  t[9] = 0x80 + (t[9] % 64)
  local h = {}
  for i = 1, 16 do h[i] = string.format("%02x", t[i]) end
  return table.concat(h, "", 1, 4) .. "-" .. table.concat(h, "", 5, 6) .. "-" ..
    table.concat(h, "", 7, 8) .. "-" .. table.concat(h, "", 9, 10) .. "-" ..
    table.concat(h, "", 11, 16)
end

init = function(args)
  math.randomseed(os.time() * 1000 + (id or 0) * 7919 + math.floor(os.clock() * 1e6))
  for item in string.gmatch(os.getenv("BENCH_ANSWERS") or "", "[^,]+") do
    local s, q, c, cookie, csrf = string.match(item, "([^|]+)|([^|]+)|([^|]+)|([^|]+)|([^|]+)")
    table.insert(entries, {path = "/practice/sessions/" .. s .. "/answer/",
      question = q, choice = c, cookie = cookie, csrf = csrf})
  end
  next_entry = (id or 0) % math.max(#entries, 1) + 1
end

request = function()
  local e = entries[next_entry]
  next_entry = next_entry % #entries + 1
  local body = "csrfmiddlewaretoken=" .. e.csrf .. "&question=" .. e.question ..
    "&answer=" .. e.choice .. "&confidence=2&client_token=" .. uuid4()
  return wrk.format("POST", e.path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = e.cookie,
  }, body)
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local err = summary.errors
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d %d\n",
    summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, err.status, err.connect + err.read + err.write + err.timeout))
end
