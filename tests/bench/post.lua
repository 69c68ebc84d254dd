-- post.lua: wrk script for cfssl's /api/v1/cfssl/sign.
--
--   wrk -t2 -c32 -d10s --latency -s post.lua URL -- CSR.pem...
--
-- Each request POSTs {"certificate_request": "<PEM>"} with the next CSR of
-- the pool given after "--" (the same P-256 requests issuebench sends to
-- cad).  Every reply is checked: a status other than 200 or a body without
-- "success":true counts as bad.  At the end one line for bench.sh:
--
--   wrk: requests=N bad=B seconds=S rps=R p50_ms=A p99_ms=B max_ms=M

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

local function json_string(s)
   s = s:gsub("\\", "\\\\"):gsub('"', '\\"'):gsub("\n", "\\n")
   return '"' .. s .. '"'
end

local reqs = {}
local idx = 0
bad = 0

function init(args)
   for _, path in ipairs(args) do
      local f = assert(io.open(path, "r"))
      local pem = f:read("*a")
      f:close()
      local body = '{"certificate_request": ' .. json_string(pem) .. '}'
      table.insert(reqs, wrk.format("POST", nil,
         { ["Content-Type"] = "application/json" }, body))
   end
   assert(#reqs > 0, "post.lua: give CSR files after --")
   idx = math.random(#reqs)
end

function request()
   idx = idx % #reqs + 1
   return reqs[idx]
end

function response(status, headers, body)
   if status ~= 200 or not body:find('"success":%s*true') then
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
