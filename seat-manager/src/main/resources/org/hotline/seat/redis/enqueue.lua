-- ARGV[4] call, [5] queue, [6] priority, [7] language, [8] district, [9] offer timeout ms,
-- [10] service-level threshold ms, [11] short-abandon threshold ms, [12] wrap-up limit ms,
-- [13] max wait ms, [14] number of steps n, [15] step 0 buckets, then for i = 1 .. n-1:
-- [14 + 2i] step i offset ms, [15 + 2i] step i buckets
local id = ARGV[4]
local key = P .. 'call:' .. id
local st = redis.call('HGET', key, 'st')
if st then
  return result('CALL_EXISTS', st)
end
local n = tonumber(ARGV[14])
local fields = { 'q', ARGV[5], 'prio', ARGV[6], 'lang', ARGV[7], 'district', ARGV[8],
  'offerMs', ARGV[9], 'slMs', ARGV[10], 'shortMs', ARGV[11], 'wrapMs', ARGV[12],
  'enq', fmt(NOW), 'nsteps', ARGV[14], 's0', ARGV[15], 'requeues', '0' }
for i = 1, n - 1 do
  fields[#fields + 1] = 't' .. i
  fields[#fields + 1] = fmt(NOW + tonumber(ARGV[14 + 2 * i]))
  fields[#fields + 1] = 's' .. i
  fields[#fields + 1] = ARGV[15 + 2 * i]
end
redis.call('HSET', key, unpack(fields))
redis.call('ZADD', P .. 'qwait:' .. ARGV[5], NOW, id)
redis.call('ZADD', P .. 'timers:maxwait', NOW + tonumber(ARGV[13]), id)
stat(ARGV[5], 'offered', 1)
emit('enqueued', 'call', id, 'queue', ARGV[5], 'priority', ARGV[6])
local c = loadCall(id)
park(c, (9 - tonumber(ARGV[6])) * 1e13 + NOW)
assignCall(c)
return result('OK')
