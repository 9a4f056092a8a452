-- ARGV[4] agent, [5] event: READY (from pause or wrap-up) or WRAP_UP_END (wrap-up only)
local a = loadAgent(ARGV[4])
local err = refusal(a.st, ARGV[5])
if err then
  return result(err, a.st)
end
if a.st == 'avail' then
  return result('OK', 'unchanged')
end
if a.st == 'wrap' then
  finishWrap(a)
end
setAgent(a, 'avail')
assignAgent(a)
return result('OK')
