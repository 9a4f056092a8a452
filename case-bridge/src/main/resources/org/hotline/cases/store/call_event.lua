-- A call was answered or ended. Creates the draft case the first time (the id from the per-day
-- counter), records the call in the caller's history, updates the call's facts, and when the call
-- has ended starts the wrap-up clock of a draft.
-- ARGV: 3 callId, 4 day, 5 counter ttl s, 6 caller ('' if withheld), 7 window start ms,
--       8 agent, 9 entered ms, 10 wrap-up due ms ('' unless ended), 11.. field, value, ...
local call_id, day, ttl, caller = ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local window_start, agent, entered, wrap_due = ARGV[7], ARGV[8], ARGV[9], ARGV[10]
local fields = {}
for i = 11, #ARGV do fields[#fields + 1] = ARGV[i] end

local call_key = P .. 'call:' .. call_id
local id = redis.call('GET', call_key)
local created = 0
if not id then
  local n = redis.call('INCR', P .. 'seq:' .. day)
  if n == 1 then redis.call('EXPIRE', P .. 'seq:' .. day, ttl) end
  id = day .. '-' .. string.format('%06d', n)
  redis.call('HSET', case_key(id), 'id', id, 'status', 'draft', 'createdAt', NOW,
    'obVersion', '0', 'incomplete', '0')
  history(id, 'draft', agent, '')
  redis.call('SET', call_key, id)
  if caller ~= '' then
    local c = P .. 'caller:' .. caller
    redis.call('ZADD', c .. ':cases', NOW, id)
    redis.call('ZADD', c .. ':open', NOW, id)
    redis.call('ZADD', c .. ':calls', entered, call_id)
    redis.call('ZREMRANGEBYSCORE', c .. ':calls', '-inf', '(' .. window_start)
  end
  created = 1
end
if #fields > 0 then
  redis.call('HSET', case_key(id), unpack(fields))
end
if caller ~= '' and agent ~= '' then
  redis.call('HSET', P .. 'caller:' .. caller, 'lastAgent', agent, 'lastAt', entered)
end
local status = redis.call('HGET', case_key(id), 'status')
if wrap_due ~= '' and status == 'draft' then
  redis.call('ZADD', P .. 'wrapup', 'NX', wrap_due, id)
end
return {id, status, created}
