-- wrkreport.lua: what the wrk scripts of bench.sh share (page.lua,
-- post.lua, ocsp.lua load it with dofile): every thread counts its bad
-- replies in the global "bad", and at the end one line for bench.sh:
--
--   wrk: requests=N bad=B seconds=S rps=R p50_ms=A p99_ms=B max_ms=M errors=E

local threads = {}

bad = 0

function setup(thread)
   table.insert(threads, thread)
end

function done(summary, latency, requests)
   local nbad = 0
   for _, t in ipairs(threads) do
      nbad = nbad + t:get("bad")
   end
   local secs = summary.duration / 1e6
   print(string.format("wrk: requests=%d bad=%d seconds=%.2f rps=%.0f " ..
      "p50_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d",
      summary.requests, nbad, secs, summary.requests / secs,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      latency.max / 1000,
      summary.errors.connect + summary.errors.read + summary.errors.write +
      summary.errors.status + summary.errors.timeout))
end
