-- Shared by every case-bridge script. ARGV[1] is the key prefix (hotline:{centre}:case:), ARGV[2]
-- the time of the decision in epoch milliseconds, from the caller's clock. Every key a script
-- touches starts with the prefix, so all sit in one hash slot. MOVES, RUNNING and OPEN come from
-- CaseStatus (generated, prepended above this file).
local P = ARGV[1]
local NOW = ARGV[2]
local GROUP = 'dispatch'

local function case_key(id) return P .. 'c:' .. id end

local function history(id, status, by, note)
  redis.call('RPUSH', case_key(id) .. ':h',
    cjson.encode({s = status, at = NOW, by = by or '', note = note or ''}))
end

-- The caller's open cases follow the case's status.
local function caller_open(id, status)
  local caller = redis.call('HGET', case_key(id), 'caller')
  if not caller or caller == '' then return end
  local open = P .. 'caller:' .. caller .. ':open'
  if OPEN[status] then
    local created = redis.call('HGET', case_key(id), 'createdAt') or NOW
    redis.call('ZADD', open, created, id)
  else
    redis.call('ZREM', open, id)
  end
end

-- The deadline clock runs only while the unit has to act.
local function deadline_clock(id, status)
  if not RUNNING[status] then
    redis.call('ZREM', P .. 'due', id)
    redis.call('ZREM', P .. 'nearing', id)
  end
end

-- The dispatch outbox: one FIFO per case, and only its head is live (in the stream, waiting for a
-- retry, or dead), so the versions of one case reach the target in order.
local function outbox_publish(idem, case_id)
  local payload = redis.call('HGET', P .. 'ob:msg', idem)
  local attempts = redis.call('HGET', P .. 'ob:att', idem) or '0'
  redis.call('XADD', P .. 'ob:stream', '*', 'k', idem, 'c', case_id, 'a', attempts, 'p', payload)
end

local function outbox_enqueue(idem, case_id, payload)
  local q = P .. 'ob:q:' .. case_id
  redis.call('HSET', P .. 'ob:msg', idem, payload)
  redis.call('ZADD', P .. 'ob:enq', NOW, idem)
  redis.call('RPUSH', q, idem)
  if redis.call('LLEN', q) == 1 then
    outbox_publish(idem, case_id)
  end
end

local function case_of(idem)
  return string.match(idem, '^(.*):v%d+$')
end
