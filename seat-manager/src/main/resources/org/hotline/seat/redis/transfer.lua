-- ARGV[4] call, [5] the agent who holds it, [6] the agent it goes to ('' = whoever is next in the
-- queue), [7] the queue it goes to, [8] priority, [9] language, [10] district, [11] offer timeout
-- ms, [12] service-level threshold ms, [13] short-abandon threshold ms (unused), [14] wrap-up
-- limit ms, [15] step offsets ms, [16] buckets of every step (as enqueue's [14] and [15]), [17]
-- '1' when the named agent was consulted on the call (paused 'consult', talking to the caller
-- already): the call is connected at them at once instead of offered.
-- A blind transfer: the holder's part of the call ends as at a hang-up (talk counted in its queue,
-- wrap-up starts), and the same call starts again in the new queue, offered at once when an agent
-- is free there (or to the named agent only). The leg that ended is kept on the call ('legs').
local c = loadCall(ARGV[4])
if c.st == '' then
  return result('CALL_UNKNOWN')
end
if c.st ~= 'connected' then
  return result('CALL_NOT_CONNECTED', c.st)
end
if c.agent ~= ARGV[5] then
  return result('NO_CALL', 'the call is at ' .. c.agent)
end
local a = loadAgent(c.agent)
if a.st ~= 'oncall' or a.call ~= c.id then
  return result('NO_CALL', a.st)
end
local target = nil
if ARGV[6] ~= '' then
  if ARGV[6] == a.id then
    return result('INVALID_ARGUMENT', 'the call is at this agent already')
  end
  target = loadAgent(ARGV[6])
  if ARGV[17] == '1' then
    if target.st ~= 'paused' or target.reason ~= 'consult' then
      -- paused for another reason, or never paused for this call (only an offer may be answered)
      local err = target.st == 'paused' and 'AGENT_PAUSED'
        or refusal(target.st, 'ANSWER') or 'AGENT_OFFERED'
      return result(err, 'not consulted: ' .. target.st)
    end
  else
    local err = refusal(target.st, 'OFFER')
    if err then
      return result(err, target.st)
    end
  end
end

-- the holder's leg ends
local talk = endTalk(c)
stat(c.q, 'transferredOut', 1)
local kept = redis.call('HMGET', c.key, 'legs', 'firstEnq')
local leg = table.concat({ c.q, c.agent, c.seat, c.enq, c.answeredAt, fmt(NOW), fmt(talk) }, '|')
local legs = (kept[1] and kept[1] ~= '') and (kept[1] .. ';' .. leg) or leg
startWrap(a, c)
-- the wrap-up's time counts in the queue the agent served, not the one the call went on to
redis.call('HSET', a.key, 'wrapQ', c.q, 'wrapTalkMs', fmt(talk))
emit('transferred', 'call', c.id, 'agent', a.id, 'seat', a.seat, 'queue', c.q, 'toQueue', ARGV[7],
  'toAgent', ARGV[6], 'talkMs', fmt(talk))

-- the call starts again in its new queue, from now
local n = {
  id = c.id, key = c.key, st = 'new', q = ARGV[7], plan = ARGV[16], ts = stepTimes(NOW, ARGV[15]),
  offerMs = ARGV[11], enq = fmt(NOW), cb = ''
}
-- a caller already served is never a short abandon (a misdial): shortMs 0
redis.call('HSET', c.key, 'st', 'new', 'q', ARGV[7], 'prio', ARGV[8], 'lang', ARGV[9],
  'district', ARGV[10], 'offerMs', ARGV[11], 'slMs', ARGV[12], 'shortMs', '0',
  'wrapMs', ARGV[14], 'enq', n.enq, 'plan', n.plan, 'ts', n.ts, 'requeues', '0', 'agent', '',
  'seat', '', 'answeredAt', '', 'offeredAt', '', 'holdAt', '', 'holdMs', '0', 'talkMs', '',
  'legs', legs, 'firstEnq', kept[2] or c.enq)
redis.call('ZADD', P .. 'qwait:' .. ARGV[7], NOW, c.id)
stat(ARGV[7], 'offered', 1)
emit('enqueued', 'call', c.id, 'queue', ARGV[7], 'priority', ARGV[8], 'transferred', '1')
local score = (9 - tonumber(ARGV[8])) * 1e13 + NOW
if target and ARGV[17] == '1' then
  -- an attended hand-over: the consulted agent answered (the call is theirs, as answer.lua makes it)
  redis.call('ZREM', P .. 'qwait:' .. ARGV[7], c.id)
  redis.call('HSET', c.key, 'st', 'connected', 'agent', target.id, 'seat', target.seat, 'step', 0,
    'score', fmt(score), 'cb', '', 'offeredAt', n.enq, 'answeredAt', n.enq)
  stat(ARGV[7], 'answered', 1)
  setAgent(target, 'oncall', '', c.id)
  emit('answered', 'call', c.id, 'agent', target.id, 'seat', target.seat, 'queue', ARGV[7],
    'waitMs', '0')
  return result('OK', 'connected')
end
if target then
  redis.call('HSET', c.key, 'step', 0, 'score', fmt(score), 'cb', '')
  n.score = fmt(score)
  offer(n, target, false, true)
else
  placeCall(n, score)
end
return result('OK', n.st)
