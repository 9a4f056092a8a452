-- The screen pop, read-only, in one round trip: the caller's newest cases, open cases, calls in
-- the window, last agent. Cost: O(log n) per sorted set and O(1) per case shown; a case in both
-- lists is read once.
-- ARGV: 3 caller, 4 window start ms, 5 last n, 6 open n
local c = P .. 'caller:' .. ARGV[3]
local seen = {}
local function rows(ids)
  local out = {}
  for _, id in ipairs(ids) do
    local row = seen[id]
    if not row then
      local v = redis.call('HMGET', case_key(id), 'createdAt', 'status', 'requestType', 'category',
        'deadline')
      row = {id, v[1] or '', v[2] or '', v[3] or '', v[4] or '', v[5] or ''}
      seen[id] = row
    end
    out[#out + 1] = row
  end
  return out
end
local last = rows(redis.call('ZREVRANGE', c .. ':cases', 0, tonumber(ARGV[5]) - 1))
local open = {}
if tonumber(ARGV[6]) > 0 then
  open = rows(redis.call('ZREVRANGE', c .. ':open', 0, tonumber(ARGV[6]) - 1))
end
local meta = redis.call('HMGET', c, 'lastAgent', 'lastAt')
return {last, open, redis.call('ZCARD', c .. ':open'),
  redis.call('ZCOUNT', c .. ':calls', ARGV[4], '+inf'), meta[1] or '', meta[2] or ''}
