-- ocsp.lua: wrk script for an OCSP responder (RFC 6960 POST, or the
-- GET of RFC 6960 appendix A / RFC 5019).
--
--   wrk -t2 -c32 -d10s --latency -s ocsp.lua URL -- REQUEST.der
--   wrk -t2 -c32 -d10s --latency -s ocsp.lua URL -- REQUEST.der get [CC]
--
-- The first form POSTs the same DER OCSPRequest (application/ocsp-request)
-- in every request; the second GETs URL, whose path carries the request
-- in base64 (REQUEST.der is then not read), and with CC, a reply whose
-- Cache-Control is not exactly CC (e.g. "max-age=60": nginx's static
-- file, not a live answer) counts as bad too.  Keep-alive connections.
-- A reply other than 200 with a successful OCSPResponse (it starts
-- 30 82 .. 0a 01 00 or 30 81 .. 0a 01 00) counts as bad.  The summary
-- line comes from wrkreport.lua.

-- setup(), done() and the "bad" counter, from the file next to this one.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") ..
   "wrkreport.lua")

local cache_control

function init(args)
   if args[2] == "get" then
      wrk.method = "GET"
      cache_control = args[3]
      return
   end
   local f = assert(io.open(args[1], "rb"))
   local body = f:read("*a")
   f:close()
   wrk.method = "POST"
   wrk.body = body
   wrk.headers["Content-Type"] = "application/ocsp-request"
end

-- 1 if body is an OCSPResponse with responseStatus successful (0).
local function successful(body)
   if body == nil or #body < 5 or body:byte(1) ~= 0x30 then
      return false
   end
   local i = 2
   local l = body:byte(i)
   if l >= 0x80 then
      i = i + (l - 0x80)
   end
   return body:byte(i + 1) == 0x0a and body:byte(i + 2) == 0x01 and
      body:byte(i + 3) == 0x00
end

function response(status, headers, body)
   if status ~= 200 or not successful(body) or
      (cache_control ~= nil and headers["Cache-Control"] ~= cache_control)
   then
      bad = bad + 1
   end
end
