-- ARGV[4] call, [5] the seat it rang at ('' = whichever it rings at now), [6] pause reason, [7] how
-- (noanswer, busy, unavailable, rejected)
local c, a, refused = ringing(ARGV[4], ARGV[5], 'NO_ANSWER')
if refused then
  return refused
end
ringNoAnswer(c, a, ARGV[6], ARGV[7])
return result('OK')
