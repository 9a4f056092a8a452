-- The outbox at a glance, read-only: pending, retrying, dead, oldest pending.
local oldest = redis.call('ZRANGE', P .. 'ob:enq', 0, 0, 'WITHSCORES')
return {redis.call('ZCARD', P .. 'ob:enq'), redis.call('ZCARD', P .. 'ob:retry'),
  redis.call('ZCARD', P .. 'ob:dead'), oldest[2] or ''}
