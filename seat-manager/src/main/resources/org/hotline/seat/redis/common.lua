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
local TOUCHED = {}
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

local function emit(kind, ...)
  redis.call('XADD', P .. 'events', 'MAXLEN', '~', '100000', '*', 'kind', kind, 'at', fmt(NOW), ...)
end

local function expireOnce(key, seconds)
  if not TOUCHED[key] then
    TOUCHED[key] = true
    redis.call('EXPIRE', key, seconds)
  end
end

-- "Since midnight" counters of a queue, O(1) per event.
local function stat(queue, field, by)
  local k = P .. 'stats:' .. DAY .. ':' .. queue
  redis.call('HINCRBY', k, field, by)
  expireOnce(k, KEEP_STATS)
end

local AF = { 'st', 'seat', 'call', 'pools', 'queues', 'reason', 'since' }

local function loadAgent(id)
  local key = P .. 'agent:' .. id
  local v = redis.call('HMGET', key, unpack(AF))
  return {
    id = id, key = key, st = v[1] or 'out', seat = v[2] or '', call = v[3] or '',
    pools = v[4] or '', queues = v[5] or '', reason = v[6] or '', since = tonumber(v[7] or NOW)
  }
end

local CF = { 'st', 'q', 'score', 'step', 'nsteps', 'cb', 'agent', 'seat', 'enq', 'offerMs', 'slMs',
  'shortMs', 'wrapMs', 'answeredAt', 'holdAt', 'holdMs', 'talkMs' }

local function loadCall(id)
  local key = P .. 'call:' .. id
  local v = redis.call('HMGET', key, unpack(CF))
  local c = { id = id, key = key }
  for i, f in ipairs(CF) do
    c[f] = v[i] or ''
  end
  return c
end

-- nil and the next state when the move is allowed, else the refusal code.
local function refusal(state, event)
  local nxt = MOVES[state][event]
  if nxt then
    return nil, nxt
  end
  return REFUSE[state][event]
end

-- Agent counts per queue (and '_all'), and each agent's time per state today.
local function setAgent(a, new, reason, call)
  local old = a.st
  if old ~= new then
    for _, q in ipairs(csv(a.queues .. ',_all')) do
      local k = P .. 'acount:' .. q
      if old ~= 'out' then
        redis.call('HINCRBY', k, old, -1)
      end
      if new ~= 'out' then
        redis.call('HINCRBY', k, new, 1)
      end
    end
  end
  if old ~= 'out' then
    local t = P .. 'atime:' .. DAY .. ':' .. a.id
    redis.call('HINCRBY', t, old, NOW - a.since)
    expireOnce(t, KEEP_STATS)
  end
  a.st = new
  a.since = NOW
  a.call = call or ''
  a.reason = reason or ''
  redis.call('HSET', a.key, 'st', new, 'since', fmt(NOW), 'reason', a.reason, 'call', a.call)
  emit('agent', 'agent', a.id, 'seat', a.seat, 'from', old, 'to', new, 'reason', a.reason,
    'call', a.call)
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

-- The call's escalation step now: the last step whose time has come.
local function currentStep(c)
  local n = tonumber(c.nsteps)
  local step = 0
  for i = 1, n - 1 do
    if tonumber(redis.call('HGET', c.key, 't' .. i)) <= NOW then
      step = i
    else
      break
    end
  end
  return step, n
end

-- A waiting call sits in the buckets of its current step, ordered by score: priority band first
-- ((9 - priority) * 1e13), then enqueue time. The next step is on the escalation timer.
local function park(c, score)
  local step, n = currentStep(c)
  local buckets = redis.call('HGET', c.key, 's' .. step)
  for _, b in ipairs(csv(buckets)) do
    redis.call('ZADD', P .. 'wait:' .. b, score, c.id)
  end
  redis.call('HSET', c.key, 'st', 'waiting', 'step', step, 'cb', buckets, 'score', fmt(score),
    'agent', '', 'seat', '')
  c.st, c.cb, c.score, c.step, c.agent, c.seat = 'waiting', buckets, fmt(score), step, '', ''
  if step < n - 1 then
    redis.call('ZADD', P .. 'timers:esc', redis.call('HGET', c.key, 't' .. (step + 1)), c.id)
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

-- The decision itself: call c (waiting) rings at agent a (available).
local function offer(c, a, inPools)
  unpark(c)
  if inPools then
    leavePools(a)
  end
  redis.call('HSET', c.key, 'st', 'offered', 'agent', a.id, 'seat', a.seat, 'offeredAt', fmt(NOW))
  c.st, c.agent, c.seat = 'offered', a.id, a.seat
  redis.call('ZADD', P .. 'timers:offer', NOW + tonumber(c.offerMs), c.id)
  setAgent(a, 'offered', '', c.id)
  emit('offer', 'call', c.id, 'agent', a.id, 'seat', a.seat, 'queue', c.q)
  OFFERS[#OFFERS + 1] = { c.id, a.id, a.seat, c.q }
end

-- A call just parked: the longest idle agent among its buckets' pools, if any.
local function assignCall(c)
  local agentId = headOf('avail:', csv(c.cb))
  if agentId then
    offer(c, loadAgent(agentId), true)
  end
end

-- An agent just became available: the best call among their buckets, else into the pools.
local function assignAgent(a)
  local callId = headOf('wait:', poolBuckets(a))
  if callId then
    offer(loadCall(callId), a, false)
  else
    joinPools(a)
  end
end

-- Back to the head of its line: ahead of every call of its priority in its buckets.
local function requeueAtHead(c)
  local score = tonumber(c.score)
  local band = math.floor(score / 1e13) * 1e13
  local step = currentStep(c)
  for _, b in ipairs(csv(redis.call('HGET', c.key, 's' .. step))) do
    local h = redis.call('ZRANGEBYSCORE', P .. 'wait:' .. b, fmt(band), '(' .. fmt(band + 1e13),
      'WITHSCORES', 'LIMIT', 0, 1)
    if h[1] and tonumber(h[2]) <= score then
      score = tonumber(h[2]) - 1
    end
  end
  redis.call('HINCRBY', c.key, 'requeues', 1)
  park(c, score)
  assignCall(c)
end

-- After-call work is over: its time counts into the handle time of the call's queue.
local function finishWrap(a)
  redis.call('ZREM', P .. 'timers:wrap', a.id)
  local c = loadCall(a.call)
  if c.q ~= '' then
    local wrap = NOW - a.since
    stat(c.q, 'wrapMs', wrap)
    stat(c.q, 'handled', 1)
    stat(c.q, 'handleMs', wrap + tonumber(c.talkMs ~= '' and c.talkMs or 0))
  end
end

local function ringNoAnswer(c, a, reason, how)
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
  return { code, detail or '', offers, NOTES }
end
