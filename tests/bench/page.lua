-- page.lua: wrk script for the page benchmark (bench.sh (d)) and its
-- static-file peer.
--
--   wrk -t2 -c32 -d10s --latency -s page.lua URL -- [COOKIE [MARK]]
--
-- Every request is a GET of URL's path with "Cookie: COOKIE" when one is
-- given (the logged-in session bench.sh made with curl).  Every reply is
-- checked: a status other than 200, or a body without MARK when one is
-- given (e.g. the page's "共 20 条"), counts as bad.  At the end one line
-- for bench.sh:
--
--   wrk: requests=N bad=B seconds=S rps=R p50_ms=A p99_ms=B max_ms=M

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

local req
local mark
bad = 0

function init(args)
   local headers = {}
   if args[1] ~= nil and args[1] ~= "" then
      headers["Cookie"] = args[1]
   end
   mark = args[2]
   req = wrk.format("GET", nil, headers, nil)
end

function request()
   return req
end

function response(status, headers, body)
   if status ~= 200 or (mark ~= nil and not body:find(mark, 1, true)) then
      bad = bad + 1
   end
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
