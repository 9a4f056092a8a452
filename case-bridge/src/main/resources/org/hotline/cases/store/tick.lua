-- The periodic scan: drafts whose wrap-up limit passed become incomplete; cases nearing or past
-- their deadline raise an alert. Each reads only the due head of a sorted set (LIMIT), and removes
-- what it handled in the same atomic step, so every alert is raised once however many instances
-- tick, and the cost does not grow with the number of stored cases.
-- ARGV: 3 batch, 4 alert stream max length
local batch, maxlen = ARGV[3], ARGV[4]
local alerts = P .. 'alerts'

local function alert(kind, id)
  local v = redis.call('HMGET', case_key(id), 'deadline', 'district', 'street', 'category', 'urgency')
  redis.call('XADD', alerts, 'MAXLEN', '~', maxlen, '*', 'kind', kind, 'caseId', id, 'at', NOW,
    'deadline', v[1] or '', 'district', v[2] or '', 'street', v[3] or '',
    'category', v[4] or '', 'urgency', v[5] or '')
end

local incomplete, nearing, overdue = 0, 0, 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', P .. 'wrapup', '-inf', NOW, 'LIMIT', 0, batch)) do
  redis.call('ZREM', P .. 'wrapup', id)
  if redis.call('HGET', case_key(id), 'status') == 'draft' then
    redis.call('HSET', case_key(id), 'incomplete', '1')
    redis.call('ZADD', P .. 'incomplete', NOW, id)
    history(id, 'draft', 'system', 'incomplete: no form within the wrap-up limit')
    alert('incomplete', id)
    incomplete = incomplete + 1
  end
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', P .. 'due', '-inf', NOW, 'LIMIT', 0, batch)) do
  redis.call('ZREM', P .. 'due', id)
  redis.call('ZREM', P .. 'nearing', id)
  if RUNNING[redis.call('HGET', case_key(id), 'status')] then
    redis.call('HSET', case_key(id), 'overdue', '1')
    alert('overdue', id)
    overdue = overdue + 1
  end
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', P .. 'nearing', '-inf', NOW, 'LIMIT', 0, batch)) do
  redis.call('ZREM', P .. 'nearing', id)
  local v = redis.call('HMGET', case_key(id), 'status', 'deadline')
  -- past the deadline already (a long outage of the scan): the overdue alert says it all
  if RUNNING[v[1]] and tonumber(v[2] or '0') > tonumber(NOW) then
    alert('nearing_deadline', id)
    nearing = nearing + 1
  end
end
return {incomplete, nearing, overdue}
