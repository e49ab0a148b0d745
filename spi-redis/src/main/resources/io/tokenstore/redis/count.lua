-- Counts a refresh against a record's budget under a live lease, by the server's clock.
-- KEYS[1] the namespace's id set (for the hash tag); ARGV[1] key prefix, ARGV[2] record id, ARGV[3] holder,
-- ARGV[4] the budget, ARGV[5] the window in milliseconds.
-- The counts are a sorted set beside the lease ({prefix}refreshes:ID), scored by when each leaves its window.
-- Returns -1 if the lease is not live, 0 if counted, else the milliseconds until the window has room.
local p = ARGV[1]
if redis.call('GET', p .. 'lease:' .. ARGV[2]) ~= ARGV[3] then return -1 end
local k = p .. 'refreshes:' .. ARGV[2]
local budget = tonumber(ARGV[4])
local window = tonumber(ARGV[5])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', k, '-inf', now)
local n = redis.call('ZCARD', k)
if n >= budget then
  local room = redis.call('ZRANGE', k, n - budget, n - budget, 'WITHSCORES')
  return math.max(1, tonumber(room[2]) - now)
end
-- Members only need to differ; the score says when the count ends.
redis.call('ZADD', k, now + window, ARGV[3] .. ':' .. n .. ':' .. now)
local last = redis.call('ZRANGE', k, -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', k, tonumber(last[2]))
return 0
