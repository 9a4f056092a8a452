-- The target took a delivery: settle it, mark the case dispatched (if nothing newer happened to
-- it meanwhile), and put the case's next version, if any, into the stream.
-- ARGV: 3 stream id, 4 idempotency key, 5 case id, 6 version, 7 reference, 8 target name
local sid, idem, id, version, ref, target = ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local stream = P .. 'ob:stream'
redis.call('XACK', stream, GROUP, sid)
redis.call('XDEL', stream, sid)
local q = P .. 'ob:q:' .. id
if redis.call('LINDEX', q, 0) ~= idem then return {'STALE'} end
redis.call('LPOP', q)
redis.call('HDEL', P .. 'ob:msg', idem)
redis.call('HDEL', P .. 'ob:att', idem)
redis.call('HDEL', P .. 'ob:err', idem)
redis.call('ZREM', P .. 'ob:enq', idem)
redis.call('ZREM', P .. 'ob:retry', idem)
redis.call('ZREM', P .. 'ob:dead', idem)
local ck = case_key(id)
if ref ~= '' then redis.call('HSET', ck, 'dispatchRef', ref) end
if redis.call('HGET', ck, 'status') == 'submitted' and redis.call('HGET', ck, 'obVersion') == version then
  redis.call('HSET', ck, 'status', 'dispatched', 'updatedAt', NOW)
  history(id, 'dispatched', target, ref)
end
local next_idem = redis.call('LINDEX', q, 0)
if next_idem then outbox_publish(next_idem, id) end
return {'OK'}
