-- post.lua: wrk script for cfssl's /api/v1/cfssl/sign.
--
--   wrk -t2 -c32 -d10s --latency -s post.lua URL -- CSR.pem...
--
-- Each request POSTs {"certificate_request": "<PEM>"} with the next CSR of
-- the pool given after "--" (the same P-256 requests issuebench sends to
-- cad).  Every reply is checked: a status other than 200 or a body without
-- "success":true counts as bad.  The summary line comes from
-- wrkreport.lua.

-- setup(), done() and the "bad" counter, from the file next to this one.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") ..
   "wrkreport.lua")

local function json_string(s)
   s = s:gsub("\\", "\\\\"):gsub('"', '\\"'):gsub("\n", "\\n")
   return '"' .. s .. '"'
end

local reqs = {}
local idx = 0

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
