-- ARGV[4] call, [5] queue, [6] priority, [7] language, [8] district, [9] offer timeout ms,
-- [10] service-level threshold ms, [11] short-abandon threshold ms, [12] wrap-up limit ms,
-- [13] when the caller arrived, ms ('' = now: a call that was retried or adopted after a
-- gateway outage keeps its place ahead of newer calls), [14] step offsets ms (steps 1..,
-- comma-separated), [15] buckets of every step (comma-separated within a step, ';' between steps)
local id = ARGV[4]
local key = P .. 'call:' .. id
local st = redis.call('HGET', key, 'st')
if st then
  return result('CALL_EXISTS', st)
end
local arrived = tonumber(ARGV[13])
if not arrived or arrived >= NOW or arrived < NOW - 86400000 then
  arrived = NOW
end
local c = {
  id = id, key = key, st = 'new', q = ARGV[5], plan = ARGV[15], ts = stepTimes(arrived, ARGV[14]),
  offerMs = ARGV[9], enq = fmt(arrived), cb = ''
}
redis.call('HSET', key, 'st', 'new', 'q', ARGV[5], 'prio', ARGV[6], 'lang', ARGV[7],
  'district', ARGV[8], 'offerMs', ARGV[9], 'slMs', ARGV[10], 'shortMs', ARGV[11],
  'wrapMs', ARGV[12], 'enq', c.enq, 'plan', c.plan, 'ts', c.ts, 'requeues', '0')
redis.call('ZADD', P .. 'qwait:' .. ARGV[5], arrived, id)
stat(ARGV[5], 'offered', 1)
emit('enqueued', 'call', id, 'queue', ARGV[5], 'priority', ARGV[6])
placeCall(c, (9 - tonumber(ARGV[6])) * 1e13 + arrived)
return result('OK')
