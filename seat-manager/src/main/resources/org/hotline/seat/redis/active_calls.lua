-- ARGV[4..] queue ids. Read only. Every call not yet ended: waiting or ringing (from the queues'
-- enqueue-time indexes) and connected (from the logged-in agents on a call), as id and state.
local out = {}
for i = 4, #ARGV do
  for _, id in ipairs(redis.call('ZRANGE', P .. 'qwait:' .. ARGV[i], 0, -1)) do
    out[#out + 1] = id
    out[#out + 1] = redis.call('HGET', P .. 'call:' .. id, 'st') or ''
  end
end
for _, agent in ipairs(redis.call('SMEMBERS', P .. 'loggedin')) do
  local v = redis.call('HMGET', P .. 'agent:' .. agent, 'st', 'call')
  if v[1] == 'oncall' then
    out[#out + 1] = v[2]
    out[#out + 1] = 'connected'
  end
end
return { 'OK', '', out, {}, {} }
