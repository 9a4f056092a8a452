-- Supervisor monitoring sessions, shared by every gateway instance (see MonitorStore).
-- KEYS[1]: the prefix hotline:{centre}:gw:monitor: (every key below shares its hash tag).
-- ARGV[1]: the operation. Each answers {} for an unknown session (or another server's), else
-- {moved, field, value, ...}: moved is 1 only for the one caller whose call moved the session on,
-- so that instances hearing the same event do its consequences once.
local p = KEYS[1]
local op = ARGV[1]

local function key(id)
  return p .. 's:' .. id
end

local function answer(moved, k)
  local out = { moved }
  for _, v in ipairs(redis.call('HGETALL', k)) do
    out[#out + 1] = v
  end
  return out
end

-- the session's hash, when it exists and is on `server` ('' = any)
local function found(id, server)
  local k = key(id)
  local on = redis.call('HGET', k, 'server')
  if not on or (server ~= '' and on ~= server) then
    return nil
  end
  return k
end

if op == 'create' then
  -- id, supervisor, requested millis, live ttl seconds, field, value, ...
  local id, supervisor = ARGV[2], ARGV[3]
  local by = p .. 'by:' .. supervisor
  local current = redis.call('GET', by)
  if current then
    local state = redis.call('HGET', key(current), 'state')
    if state == 'dialling' or state == 'active' then
      return {} -- their phone is on another seat's call
    end
  end
  local fields = {}
  for i = 6, #ARGV do
    fields[#fields + 1] = ARGV[i]
  end
  redis.call('HSET', key(id), unpack(fields))
  redis.call('EXPIRE', key(id), ARGV[5])
  redis.call('ZADD', p .. 'live', ARGV[4], id)
  redis.call('SET', by, id, 'EX', ARGV[5])
  return answer(1, key(id))
elseif op == 'activate' then
  -- id, server, at millis, spy channel, the modes whose agent is told (",whisper,barge,")
  local k = found(ARGV[2], ARGV[3])
  if not k then
    return {}
  end
  if ARGV[5] ~= '' then
    redis.call('HSET', k, 'channel', ARGV[5])
  end
  if redis.call('HGET', k, 'state') ~= 'dialling' then
    return answer(0, k)
  end
  redis.call('HSET', k, 'state', 'active', 'started', ARGV[4])
  local mode = redis.call('HGET', k, 'mode')
  if string.find(ARGV[6], ',' .. mode .. ',', 1, true) then
    redis.call('HSET', k, 'told', '1')
  end
  return answer(1, k)
elseif op == 'note' then
  -- id, server, field (channel, stop, hangup), value: what was seen, whatever the state
  local k = found(ARGV[2], ARGV[3])
  if not k then
    return {}
  end
  if ARGV[5] ~= '' then
    redis.call('HSET', k, ARGV[4], ARGV[5])
  end
  return answer(0, k)
elseif op == 'end' then
  -- id, server, at millis, reason ('' = from what was seen), only if no leg yet (1/0),
  -- ended kept (count), ended ttl seconds, then the reasons by what was seen
  local id = ARGV[2]
  local k = found(id, ARGV[3])
  if not k then
    return {}
  end
  local h = {}
  local all = redis.call('HGETALL', k)
  for i = 1, #all, 2 do
    h[all[i]] = all[i + 1]
  end
  if h.state == 'ended' then
    return answer(0, k)
  end
  if ARGV[6] == '1' and (h.state ~= 'dialling' or (h.channel or '') ~= '') then
    return answer(0, k)
  end
  -- what was seen picks the reason from MonitorSession.endReasons (ARGV[9]...: seen, reason)
  local reason = ARGV[5]
  if reason == '' then
    local function bit(yes)
      return yes and '1' or '0'
    end
    local seen = bit(h.stop == '1') .. bit(h.hangup == '1') .. bit((h.started or '') ~= '')
    for i = 9, #ARGV - 1, 2 do
      if ARGV[i] == seen then
        reason = ARGV[i + 1]
      end
    end
  end
  redis.call('HSET', k, 'state', 'ended', 'ended', ARGV[4], 'reason', reason)
  redis.call('EXPIRE', k, ARGV[8])
  redis.call('ZREM', p .. 'live', id)
  local ended = p .. 'ended'
  redis.call('ZADD', ended, ARGV[4], id)
  redis.call('EXPIRE', ended, ARGV[8])
  local excess = redis.call('ZCARD', ended) - tonumber(ARGV[7])
  if excess > 0 then
    for _, old in ipairs(redis.call('ZRANGE', ended, 0, excess - 1)) do
      redis.call('DEL', key(old))
    end
    redis.call('ZREMRANGEBYRANK', ended, 0, excess - 1)
  end
  local by = p .. 'by:' .. h.supervisor
  if redis.call('GET', by) == id then
    redis.call('DEL', by)
  end
  return answer(1, k)
end
return redis.error_reply('unknown operation ' .. tostring(op))
