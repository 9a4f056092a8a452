-- Shared by every seat-manager script (the Java side prepends the MOVES/REFUSE tables).
-- ARGV[1] key prefix with the centre's hash tag, ARGV[2] now in epoch ms (the caller's clock, so
-- tests can inject one), ARGV[3] the day (yyyymmdd) in the centre's zone. Every script checks all
-- its preconditions before its first write: Redis does not roll a script back, so a refusal must
-- leave nothing behind. Scripts only touch keys under ARGV[1]; they share one hash slot.
local P = ARGV[1]
local NOW = tonumber(ARGV[2])
local DAY = ARGV[3]
local OFFERS = {}
local NOTES = {}
local WITHDRAWN = {}
local KEEP_STATS = 3024000 -- 35 days
local KEEP_ENDED_CALL = 172800 -- 2 days

local function fmt(n)
  return string.format('%d', n)
end

local function csv(s)
  local t = {}
  if s then
    for x in string.gmatch(s, '[^,]+') do
      t[#t + 1] = x
    end
  end
  return t
end

-- Each event goes to the stream and back to the caller, whose instance writes it to the city's
-- record at once: a Redis lost before the stream's reader got there loses no event.
local EMITTED = {}
local function emit(kind, ...)
  local id = redis.call('XADD', P .. 'events', 'MAXLEN', '~', '100000', '*', 'kind', kind, 'at',
    fmt(NOW), ...)
  local e = { id, 'kind', kind, 'at', fmt(NOW) }
  for _, v in ipairs({ ... }) do
    e[#e + 1] = v
  end
  EMITTED[#EMITTED + 1] = e
end

-- Counters live in per-day hashes; the increment that creates a field (re)sets the expiry, so a
-- day's hash expires KEEP_STATS after its last new field without an EXPIRE on every event.
local function incr(key, field, by)
  if redis.call('HINCRBY', key, field, by) == by then
    redis.call('EXPIRE', key, KEEP_STATS)
  end
end

-- "Since midnight" counters of a queue, O(1) per event.
local function stat(queue, field, by)
  incr(P .. 'stats:' .. DAY .. ':' .. queue, field, by)
end

local function loadAgent(id)
  local key = P .. 'agent:' .. id
  local v = redis.call('HMGET', key, 'st', 'seat', 'call', 'pools', 'queues', 'reason', 'since')
  return {
    id = id, key = key, st = v[1] or 'out', seat = v[2] or '', call = v[3] or '',
    pools = v[4] or '', queues = v[5] or '', reason = v[6] or '', since = tonumber(v[7] or NOW)
  }
end

local function loadCall(id)
  local key = P .. 'call:' .. id
  local v = redis.call('HMGET', key, 'st', 'q', 'score', 'step', 'plan', 'ts', 'cb', 'agent', 'seat',
    'enq', 'offerMs', 'slMs', 'shortMs', 'wrapMs', 'answeredAt', 'holdAt', 'holdMs', 'talkMs')
  return {
    id = id, key = key, st = v[1] or '', q = v[2] or '', score = v[3] or '', step = v[4] or '',
    plan = v[5] or '', ts = v[6] or '', cb = v[7] or '', agent = v[8] or '', seat = v[9] or '',
    enq = v[10] or '', offerMs = v[11] or '', slMs = v[12] or '', shortMs = v[13] or '',
    wrapMs = v[14] or '', answeredAt = v[15] or '', holdAt = v[16] or '', holdMs = v[17] or '',
    talkMs = v[18] or ''
  }
end

-- nil and the next state when the move is allowed, else the refusal code. MOVES and REFUSE are
-- constant strings (";state.EVENT=value;"): a lookup costs less than building tables per call.
local function refusal(state, event)
  local key = ';' .. state .. '.' .. event .. '='
  local at = string.find(MOVES, key, 1, true)
  if at then
    return nil, string.match(MOVES, '^([^;]+)', at + #key)
  end
  at = string.find(REFUSE, key, 1, true)
  return string.match(REFUSE, '^([^;]+)', at + #key)
end

-- Agents are counted by state per queue group (the queues an agent is staffed on, field
-- "queues|state"): two increments per move whatever the number of queues; the statistics script
-- sums groups into queues. (Time per state, for occupancy, is in the event stream.)
local function setAgent(a, new, reason, call, quiet)
  local old = a.st
  if old ~= new then
    if old ~= 'out' then
      redis.call('HINCRBY', P .. 'acount', a.queues .. '|' .. old, -1)
    end
    if new ~= 'out' then
      redis.call('HINCRBY', P .. 'acount', a.queues .. '|' .. new, 1)
    end
  end
  a.st = new
  a.since = NOW
  a.call = call or ''
  a.reason = reason or ''
  redis.call('HSET', a.key, 'st', new, 'since', fmt(NOW), 'reason', a.reason, 'call', a.call)
  if not quiet then
    emit('agent', 'agent', a.id, 'seat', a.seat, 'from', old, 'to', new, 'reason', a.reason,
      'call', a.call)
  end
end

-- Available agents wait in every pool they qualify for, longest idle first; among agents idle
-- since the same millisecond, the higher skill level first.
local function joinPools(a)
  local base = NOW * 16 + 15
  for _, p in ipairs(csv(a.pools)) do
    local b, lvl = string.match(p, '^(.+)=(%d+)$')
    redis.call('ZADD', P .. 'avail:' .. b, base - tonumber(lvl), a.id)
  end
end

local function leavePools(a)
  for _, p in ipairs(csv(a.pools)) do
    redis.call('ZREM', P .. 'avail:' .. string.match(p, '^(.+)=%d+$'), a.id)
  end
end

-- The call's escalation step now (the last whose time has come), and when the next one is due.
-- c.ts lists the absolute times of steps 1.. ; c.plan their bucket lists, ';'-separated.
local function currentStep(c)
  local step = 0
  for t in string.gmatch(c.ts, '[^,]+') do
    if tonumber(t) > NOW then
      return step, t
    end
    step = step + 1
  end
  return step, nil
end

local function bucketsAt(c, step)
  local i = 0
  for buckets in string.gmatch(c.plan, '[^;]+') do
    if i == step then
      return buckets
    end
    i = i + 1
  end
end

-- A waiting call sits in the buckets of its current step, ordered by score: priority band first
-- ((9 - priority) * 1e13), then enqueue time. The next step is on the escalation timer.
local function park(c, score)
  local step, nextDue = currentStep(c)
  local buckets = bucketsAt(c, step)
  for _, b in ipairs(csv(buckets)) do
    redis.call('ZADD', P .. 'wait:' .. b, score, c.id)
  end
  redis.call('HSET', c.key, 'st', 'waiting', 'step', step, 'cb', buckets, 'score', fmt(score),
    'agent', '', 'seat', '')
  c.st, c.cb, c.score, c.step, c.agent, c.seat = 'waiting', buckets, fmt(score), step, '', ''
  if nextDue then
    redis.call('ZADD', P .. 'timers:esc', nextDue, c.id)
  else
    redis.call('ZREM', P .. 'timers:esc', c.id)
  end
end

local function unpark(c)
  for _, b in ipairs(csv(c.cb)) do
    redis.call('ZREM', P .. 'wait:' .. b, c.id)
  end
  redis.call('ZREM', P .. 'timers:esc', c.id)
end

-- Lowest score at the head of the given sorted sets.
local function headOf(prefix, names)
  local best, bestScore = nil, nil
  for _, name in ipairs(names) do
    local r = redis.call('ZRANGE', P .. prefix .. name, 0, 0, 'WITHSCORES')
    if r[1] then
      local s = tonumber(r[2])
      if not bestScore or s < bestScore then
        best, bestScore = r[1], s
      end
    end
  end
  return best
end

local function poolBuckets(a)
  local names = {}
  for _, p in ipairs(csv(a.pools)) do
    names[#names + 1] = string.match(p, '^(.+)=%d+$')
  end
  return names
end

-- The decision itself: call c rings at agent a (available). A parked call leaves its buckets;
-- an agent in the pools leaves them. The 'offer' event stands for the agent's move too.
local function offer(c, a, parked, inPools)
  if parked then
    unpark(c)
  end
  if inPools then
    leavePools(a)
  end
  redis.call('HSET', c.key, 'st', 'offered', 'agent', a.id, 'seat', a.seat, 'offeredAt', fmt(NOW))
  c.st, c.agent, c.seat = 'offered', a.id, a.seat
  redis.call('ZADD', P .. 'timers:offer', NOW + tonumber(c.offerMs), c.id)
  local from = a.st
  setAgent(a, 'offered', '', c.id, true)
  emit('offer', 'call', c.id, 'agent', a.id, 'seat', a.seat, 'queue', c.q, 'from', from)
  OFFERS[#OFFERS + 1] = { c.id, a.id, a.seat, c.q }
end

-- A call just parked: the longest idle agent among its buckets' pools, if any.
local function assignCall(c)
  local agentId = headOf('avail:', csv(c.cb))
  if agentId then
    offer(c, loadAgent(agentId), true, true)
  end
end

-- A call that is not parked (new, or back from a seat): straight to an agent when one is
-- available at its current step, else into its buckets.
local function placeCall(c, score)
  local step = currentStep(c)
  local agentId = headOf('avail:', csv(bucketsAt(c, step)))
  if agentId then
    redis.call('HSET', c.key, 'step', step, 'score', fmt(score), 'cb', '')
    c.score = fmt(score)
    offer(c, loadAgent(agentId), false, true)
  else
    park(c, score)
  end
end

-- An agent just became available: the best call among their buckets, else into the pools.
local function assignAgent(a)
  local callId = headOf('wait:', poolBuckets(a))
  if callId then
    offer(loadCall(callId), a, true, false)
  else
    joinPools(a)
  end
end

-- Back to the head of its line: ahead of every call of its priority in its buckets.
local function requeueAtHead(c)
  local score = tonumber(c.score)
  local band = math.floor(score / 1e13) * 1e13
  for _, b in ipairs(csv(bucketsAt(c, (currentStep(c))))) do
    local h = redis.call('ZRANGEBYSCORE', P .. 'wait:' .. b, fmt(band), '(' .. fmt(band + 1e13),
      'WITHSCORES', 'LIMIT', 0, 1)
    if h[1] and tonumber(h[2]) <= score then
      score = tonumber(h[2]) - 1
    end
  end
  redis.call('HINCRBY', c.key, 'requeues', 1)
  redis.call('ZREM', P .. 'timers:esc', c.id)
  placeCall(c, score)
end

-- After-call work is over: its time counts into the handle time of the call's queue.
-- The absolute times of a call's escalation steps 1.., from when it entered its queue and the
-- steps' offsets (ms, comma-separated).
local function stepTimes(entered, offsets)
  local ts = {}
  for offset in string.gmatch(offsets, '[^,]+') do
    ts[#ts + 1] = fmt(entered + tonumber(offset))
  end
  return table.concat(ts, ',')
end

-- A connected call's talk ends now (hang-up or transfer): its talk and hold count in its queue.
local function endTalk(c)
  local talk = NOW - tonumber(c.answeredAt)
  local hold = tonumber(c.holdMs ~= '' and c.holdMs or 0)
  if c.holdAt ~= '' then
    hold = hold + NOW - tonumber(c.holdAt)
  end
  stat(c.q, 'talkMs', talk)
  stat(c.q, 'holdMs', hold)
  return talk, hold
end

-- The agent's after-call work for call c starts, until the limit of c's queue.
local function startWrap(a, c)
  local limit = NOW + tonumber(c.wrapMs)
  setAgent(a, 'wrap', '', c.id)
  redis.call('HSET', a.key, 'wrapUntil', fmt(limit))
  redis.call('ZADD', P .. 'timers:wrap', limit, a.id)
end

-- After a transfer the call belongs to another queue: the agent's own queue and talk are kept on
-- the agent (wrapQ, wrapTalkMs) for this.
local function finishWrap(a)
  redis.call('ZREM', P .. 'timers:wrap', a.id)
  local own = redis.call('HMGET', a.key, 'wrapQ', 'wrapTalkMs')
  local q, talkMs = own[1], own[2]
  if q and q ~= '' then
    redis.call('HDEL', a.key, 'wrapQ', 'wrapTalkMs')
  else
    local c = loadCall(a.call)
    q, talkMs = c.q, c.talkMs
  end
  if q ~= '' then
    local wrap = NOW - a.since
    stat(q, 'wrapMs', wrap)
    stat(q, 'handled', 1)
    stat(q, 'handleMs', wrap + tonumber(talkMs ~= '' and talkMs or 0))
  end
end

local function ringNoAnswer(c, a, reason, how)
  if how == 'timeout' then
    WITHDRAWN[#WITHDRAWN + 1] = c.id -- the telephony never said: it must stop the ringing
  end
  redis.call('ZREM', P .. 'timers:offer', c.id)
  stat(c.q, 'ringNoAnswer', 1)
  setAgent(a, 'paused', reason)
  emit('noanswer', 'call', c.id, 'agent', a.id, 'seat', a.seat, 'queue', c.q, 'how', how)
  requeueAtHead(c)
end

local function result(code, detail)
  local offers = {}
  for _, o in ipairs(OFFERS) do
    for _, v in ipairs(o) do
      offers[#offers + 1] = v
    end
  end
  return { code, detail or '', offers, NOTES, WITHDRAWN, EMITTED }
end

-- The call ringing at a seat and that seat's agent, or the refusal to return: a report about an
-- offer (answered, not answered) must name the offer that is current.
local function ringing(callId, seat, event)
  local c = loadCall(callId)
  if c.st == '' then
    return nil, nil, result('CALL_UNKNOWN')
  end
  if c.st ~= 'offered' then
    return nil, nil, result('CALL_NOT_OFFERED', c.st)
  end
  if seat ~= '' and seat ~= c.seat then
    return nil, nil, result('OFFER_MISMATCH', c.seat)
  end
  local a = loadAgent(c.agent)
  local err = refusal(a.st, event)
  if err then
    return nil, nil, result(err, a.st)
  end
  if a.call ~= c.id then
    return nil, nil, result('OFFER_MISMATCH', a.call)
  end
  return c, a
end
