-- Compare-and-delete of a lease: only its holder ends it.
-- KEYS[1] the namespace's id set (for the hash tag); ARGV[1] key prefix, ARGV[2] record id, ARGV[3] holder.
-- Returns 1 if the lease was live and held by ARGV[3], and is now deleted, else 0.
local k = ARGV[1] .. 'lease:' .. ARGV[2]
if redis.call('GET', k) == ARGV[3] then
  redis.call('DEL', k)
  return 1
end
return 0
