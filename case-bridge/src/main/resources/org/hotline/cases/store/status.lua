-- Moves a case through one or more statuses (an update from the dispatch system; a return
-- visit: visited, then closed or reopened), each checked against MOVES, all or none.
-- ARGV: 3 caseId, 4 statuses (comma-separated), 5 by, 6 note, 7 update id (''),
--       8 update id ttl ms, 9.. field, value, ...
local id, targets, by, note, update_id, ttl = ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local ck = case_key(id)
local status = redis.call('HGET', ck, 'status')
if not status then return {'CASE_UNKNOWN', ''} end
local seen = P .. 'upd:' .. update_id
if update_id ~= '' and redis.call('EXISTS', seen) == 1 then
  return {'DUPLICATE_UPDATE', status}
end
local current = status
for target in string.gmatch(targets, '[^,]+') do
  if not MOVES[current][target] then return {'ILLEGAL_TRANSITION', status} end
  current = target
end
if update_id ~= '' then redis.call('SET', seen, id, 'PX', ttl) end
local fields = {}
for i = 9, #ARGV do fields[#fields + 1] = ARGV[i] end
if #fields > 0 then redis.call('HSET', ck, unpack(fields)) end
redis.call('HSET', ck, 'status', current, 'updatedAt', NOW)
for target in string.gmatch(targets, '[^,]+') do history(id, target, by, note) end
deadline_clock(id, current)
caller_open(id, current)
-- resolved cases wait for their return visit (回访), oldest first
if current == 'resolved' then
  redis.call('ZADD', P .. 'visits', NOW, id)
else
  redis.call('ZREM', P .. 'visits', id)
end
return {'OK', current}
