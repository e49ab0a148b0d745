-- A record by a unique field, in one round trip: the index hash names the id, the record hash holds the fields.
-- KEYS[1] the namespace's id set (for routing); ARGV[1] key prefix, ARGV[2] field, ARGV[3] value.
local id = redis.call('HGET', ARGV[1] .. 'ix:' .. ARGV[2], ARGV[3])
if not id then return {} end
return redis.call('HGETALL', ARGV[1] .. 't:' .. id)
