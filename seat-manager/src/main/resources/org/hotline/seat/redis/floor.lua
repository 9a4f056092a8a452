-- ARGV[4] SSCAN cursor, [5] how many to scan. Read only. The next cursor ('0': done), then for
-- each logged-in agent of this stretch: id, state, since (ms), seat, pause reason, call, queues.
-- Read in stretches, not in one script: the wallboard reads the whole floor once a second, and one
-- script over 9,000 agents held Redis (and every assignment decision) for ~45 ms each time.
local scan = redis.call('SSCAN', P .. 'loggedin', ARGV[4], 'COUNT', tonumber(ARGV[5]))
local out = {}
for _, id in ipairs(scan[2]) do
  local v = redis.call('HMGET', P .. 'agent:' .. id, 'st', 'since', 'seat', 'reason', 'call',
    'queues')
  if v[1] and v[1] ~= 'out' then
    out[#out + 1] = { id, v[1], v[2] or '', v[3] or '', v[4] or '', v[5] or '', v[6] or '' }
  end
end
return { scan[1], out }
