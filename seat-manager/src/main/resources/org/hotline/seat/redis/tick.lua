-- ARGV[4] at most this many of each timer kind per run
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

-- calls past the queue's maximum wait, reported once
for _, id in ipairs(due('maxwait')) do
  redis.call('ZREM', P .. 'timers:maxwait', id)
  local c = loadCall(id)
  if c.st == 'waiting' or c.st == 'offered' then
    emit('maxwait', 'call', c.id, 'queue', c.q)
    NOTES[#NOTES + 1] = c.id
  end
end
return result('OK')
