-- ARGV[4] agent, [5] seat, [6] pools, [7] queues, [8] 'avail' or 'paused', [9] pause reason
local a = loadAgent(ARGV[4])
local err = refusal(a.st, 'LOGIN')
if err then
  return result(err, a.st)
end
local seatKey = P .. 'seat:' .. ARGV[5]
local holder = redis.call('GET', seatKey)
if holder and holder ~= a.id then
  return result('SEAT_TAKEN', holder)
end
redis.call('SET', seatKey, a.id)
redis.call('SADD', P .. 'loggedin', a.id)
redis.call('HSET', a.key, 'seat', ARGV[5], 'pools', ARGV[6], 'queues', ARGV[7], 'loginAt', fmt(NOW))
a.seat, a.pools, a.queues = ARGV[5], ARGV[6], ARGV[7]
if ARGV[8] == 'paused' then
  setAgent(a, 'paused', ARGV[9])
else
  setAgent(a, 'avail')
  assignAgent(a)
end
return result('OK')
