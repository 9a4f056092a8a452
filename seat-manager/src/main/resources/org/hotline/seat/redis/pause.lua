-- ARGV[4] agent, [5] reason
local a = loadAgent(ARGV[4])
local err = refusal(a.st, 'PAUSE')
if err then
  return result(err, a.st)
end
if a.st == 'paused' and a.reason == ARGV[5] then
  return result('OK', 'unchanged')
end
if a.st == 'avail' then
  leavePools(a)
elseif a.st == 'wrap' then
  finishWrap(a)
end
setAgent(a, 'paused', ARGV[5])
return result('OK')
