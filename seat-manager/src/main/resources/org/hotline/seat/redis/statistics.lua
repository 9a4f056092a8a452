-- ARGV[4..] queue ids. Read only. Per queue: waiting count, oldest enqueue ms, agent counts by
-- state (flat), today's counters (flat), the waiting calls ringing at a seat now; then the floor's
-- agent counts (flat).
local byQueue = {}
local floor = {}
local groups = redis.call('HGETALL', P .. 'acount')
for i = 1, #groups, 2 do
  local queues, state = string.match(groups[i], '^(.*)|(%a+)$')
  local n = tonumber(groups[i + 1])
  if n ~= 0 then
    floor[state] = (floor[state] or 0) + n
    for _, q in ipairs(csv(queues)) do
      byQueue[q] = byQueue[q] or {}
      byQueue[q][state] = (byQueue[q][state] or 0) + n
    end
  end
end

local function flat(counts)
  local out = {}
  for state, n in pairs(counts or {}) do
    out[#out + 1] = state
    out[#out + 1] = fmt(n)
  end
  return out
end

-- calls ringing at a seat, by queue: the offer timers hold exactly the calls offered now
local ringing = {}
for _, id in ipairs(redis.call('ZRANGE', P .. 'timers:offer', 0, -1)) do
  local v = redis.call('HMGET', P .. 'call:' .. id, 'st', 'q')
  if v[1] == 'offered' and v[2] then
    ringing[v[2]] = (ringing[v[2]] or 0) + 1
  end
end

local out = {}
for i = 4, #ARGV do
  local q = ARGV[i]
  local oldest = redis.call('ZRANGE', P .. 'qwait:' .. q, 0, 0, 'WITHSCORES')
  out[#out + 1] = {
    q,
    redis.call('ZCARD', P .. 'qwait:' .. q),
    oldest[2] or '',
    flat(byQueue[q]),
    redis.call('HGETALL', P .. 'stats:' .. DAY .. ':' .. q),
    ringing[q] or 0
  }
end
out[#out + 1] = flat(floor)
return out
