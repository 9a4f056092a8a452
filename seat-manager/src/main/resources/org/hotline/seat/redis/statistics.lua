-- ARGV[4..] queue ids. Read only. Per queue: waiting count, oldest enqueue ms, agent counts,
-- today's counters; then the floor's agent counts.
local out = {}
for i = 4, #ARGV do
  local q = ARGV[i]
  local oldest = redis.call('ZRANGE', P .. 'qwait:' .. q, 0, 0, 'WITHSCORES')
  out[#out + 1] = {
    q,
    redis.call('ZCARD', P .. 'qwait:' .. q),
    oldest[2] or '',
    redis.call('HGETALL', P .. 'acount:' .. q),
    redis.call('HGETALL', P .. 'stats:' .. DAY .. ':' .. q)
  }
end
out[#out + 1] = redis.call('HGETALL', P .. 'acount:_all')
return out
