-- ARGV[4] call, [5] the seat it rang at ('' = whichever it rings at now), [6] pause reason, [7] how
-- (noanswer, busy, unavailable, rejected)
local c = loadCall(ARGV[4])
if c.st == '' then
  return result('CALL_UNKNOWN')
end
if c.st ~= 'offered' then
  return result('CALL_NOT_OFFERED', c.st)
end
if ARGV[5] ~= '' and ARGV[5] ~= c.seat then
  return result('OFFER_MISMATCH', c.seat)
end
local a = loadAgent(c.agent)
local err = refusal(a.st, 'NO_ANSWER')
if err then
  return result(err, a.st)
end
ringNoAnswer(c, a, ARGV[6], ARGV[7])
return result('OK')
