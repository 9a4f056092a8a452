-- Read only. Every logged-in agent: id, state, since (ms), seat, pause reason, call, queues (csv).
-- One pass over the logged-in set: the wallboard's floor reads it once a second whatever the
-- number of boards open.
local out = {}
for _, id in ipairs(redis.call('SMEMBERS', P .. 'loggedin')) do
  local v = redis.call('HMGET', P .. 'agent:' .. id, 'st', 'since', 'seat', 'reason', 'call',
    'queues')
  if v[1] and v[1] ~= 'out' then
    out[#out + 1] = { id, v[1], v[2] or '', v[3] or '', v[4] or '', v[5] or '', v[6] or '' }
  end
end
return out
