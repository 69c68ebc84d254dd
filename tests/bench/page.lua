-- page.lua: wrk script for the page benchmark (bench.sh (d)) and its
-- static-file peer.
--
--   wrk -t2 -c32 -d10s --latency -s page.lua URL -- [COOKIE [MARK]]
--
-- Every request is a GET of URL's path with "Cookie: COOKIE" when one is
-- given (the logged-in session bench.sh made with curl).  Every reply is
-- checked: a status other than 200, or a body without MARK when one is
-- given (e.g. the page's "共 20 条"), counts as bad.  The summary line
-- comes from wrkreport.lua.

-- setup(), done() and the "bad" counter, from the file next to this one.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") ..
   "wrkreport.lua")

local req
local mark

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
