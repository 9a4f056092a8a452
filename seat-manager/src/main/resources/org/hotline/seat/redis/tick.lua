-- ARGV[4] at most this many of each timer kind per run; then pairs of queue id and its maximum wait ms
local limit = tonumber(ARGV[4])

local function due(timer)
  return redis.call('ZRANGEBYSCORE', P .. 'timers:' .. timer, '-inf', fmt(NOW), 'LIMIT', 0, limit)
end

-- calls that rang too long without the telephony telling us the outcome
for _, id in ipairs(due('offer')) do
  redis.call('ZREM', P .. 'timers:offer', id)
  local c = loadCall(id)
  if c.st == 'offered' then
    local a = loadAgent(c.agent)
    if a.st == 'offered' and a.call == c.id then
      ringNoAnswer(c, a, 'no-answer', 'timeout')
    end
  end
end

-- after-call work past the queue's limit
for _, id in ipairs(due('wrap')) do
  redis.call('ZREM', P .. 'timers:wrap', id)
  local a = loadAgent(id)
  if a.st == 'wrap' then
    finishWrap(a)
    setAgent(a, 'avail')
    assignAgent(a)
  end
end

-- escalation steps: the call widens its buckets, keeping its score (its place in line)
for _, id in ipairs(due('esc')) do
  redis.call('ZREM', P .. 'timers:esc', id)
  local c = loadCall(id)
  if c.st == 'waiting' then
    unpark(c)
    park(c, tonumber(c.score))
    emit('escalated', 'call', c.id, 'queue', c.q, 'step', fmt(c.step))
    assignCall(c)
  end
end

-- calls past their queue's maximum wait, reported once: each queue's waiting calls are ordered
-- by enqueue time, and a cursor remembers up to which enqueue time they were reported
for i = 5, #ARGV, 2 do
  local q, maxWait = ARGV[i], tonumber(ARGV[i + 1])
  local cursorKey = P .. 'maxwait:' .. q
  local from = redis.call('GET', cursorKey) or '-inf'
  local late = redis.call('ZRANGEBYSCORE', P .. 'qwait:' .. q, '(' .. from, fmt(NOW - maxWait),
    'WITHSCORES', 'LIMIT', 0, limit)
  for j = 1, #late, 2 do
    emit('maxwait', 'call', late[j], 'queue', q)
    NOTES[#NOTES + 1] = late[j]
  end
  if #late > 0 then
    redis.call('SET', cursorKey, late[#late])
  end
end
return result('OK')
