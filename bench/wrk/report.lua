-- Print one machine-readable line at the end of a wrk run:
-- RESULT <req/s> <p50 ms> <p99 ms> <requests> <http errors (>= 400)> <socket errors>
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d %d\n",
    summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
