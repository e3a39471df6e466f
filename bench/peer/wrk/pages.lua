-- GET one page per request as one of several logged-in learners, round-robin.
-- PEER_PAGE_PATH is the path; PEER_COOKIES lists one Cookie header value per learner,
-- separated by "," (neither side's cookies hold a comma). Used for both sides' learner
-- page: Pathwise's student dashboard and Kolibri's learner classroom API.
local counter = 0
setup = function(thread)
  counter = counter + 1
  thread:set("id", counter)
end

local cookies = {}
local next_cookie = 1
local path

init = function(args)
  path = os.getenv("PEER_PAGE_PATH")
  for item in string.gmatch(os.getenv("PEER_COOKIES") or "", "[^,]+") do
    table.insert(cookies, item)
  end
  if path == nil or #cookies == 0 then
    error("PEER_PAGE_PATH and PEER_COOKIES must be set")
  end
  next_cookie = (id or 0) % #cookies + 1
end

request = function()
  local cookie = cookies[next_cookie]
  next_cookie = next_cookie % #cookies + 1
  return wrk.format("GET", path, {["Cookie"] = cookie, ["Accept"] = "text/html,application/json"})
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
