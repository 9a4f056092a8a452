-- The form (or a re-dispatch) turns a case into a submitted one: all of its fields, its status
-- history, its deadline clocks and its outbox entry in one atomic step, or nothing at all.
-- ARGV: 3 caseId, 4 mode (form|redispatch), 5 form hash, 6 expected dispatch version,
--       7 final status (submitted|closed), 8 deliver (1|0), 9 deadline ms (''), 10 nearing ms,
--       11 idempotency key, 12 payload, 13 by, 14 note, 15.. field, value, ...
local id, mode, form_hash, expected = ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local final, deliver, deadline, nearing = ARGV[7], ARGV[8], ARGV[9], ARGV[10]
local idem, payload, by, note = ARGV[11], ARGV[12], ARGV[13], ARGV[14]
local ck = case_key(id)
local status = redis.call('HGET', ck, 'status')
if not status then return {'CASE_UNKNOWN', ''} end
if mode == 'form' then
  if status ~= 'draft' then
    if redis.call('HGET', ck, 'formHash') == form_hash then
      return {'DUPLICATE', status}
    end
    return {'CASE_NOT_DRAFT', status}
  end
else
  if not MOVES[status]['submitted'] then return {'ILLEGAL_TRANSITION', status} end
end
if redis.call('HGET', ck, 'obVersion') ~= expected then return {'CONFLICT', status} end

local fields = {}
for i = 15, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', ck, 'status', final, 'formHash', form_hash, 'submittedAt', NOW,
  'updatedAt', NOW, 'incomplete', '0', 'overdue', '0',
  'obVersion', tostring(tonumber(expected) + 1), unpack(fields))
history(id, 'submitted', by, note)
if final ~= 'submitted' then history(id, final, by, '') end
redis.call('ZREM', P .. 'wrapup', id)
redis.call('ZREM', P .. 'incomplete', id)
if deadline ~= '' then
  redis.call('HSET', ck, 'deadline', deadline)
  redis.call('ZADD', P .. 'due', deadline, id)
  redis.call('ZADD', P .. 'nearing', nearing, id)
else
  redis.call('HDEL', ck, 'deadline')
end
deadline_clock(id, final)
caller_open(id, final)
if deliver == '1' then outbox_enqueue(idem, id, payload) end
return {'OK', final}
