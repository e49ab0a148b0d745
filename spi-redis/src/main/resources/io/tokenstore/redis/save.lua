-- The whole upsert, atomically: match-key lookup, merge, uniqueness checks, index maintenance.
-- KEYS[1] the namespace's id set ({prefix}ids); every key of the namespace shares its hash tag.
-- ARGV[1] key prefix ("{prefix}"), ARGV[2] match field ("" for none), ARGV[3] match value,
-- ARGV[4] a fresh random id for an insert without one, ARGV[5..14] the token's fields in Zoho's column order
-- ("" for absent).
-- Returns {"ok", field, value, ...} with the stored record, {"dup", field} or {"id-taken"}.
local p = ARGV[1]
local cols = {'id', 'user_name', 'client_id', 'client_secret', 'refresh_token', 'access_token', 'grant_token',
  'expiry_time', 'redirect_url', 'api_domain'}
local unique = {'user_name', 'access_token', 'refresh_token', 'grant_token'}

local function owner(field, value)
  if field == 'id' then
    if redis.call('EXISTS', p .. 't:' .. value) == 1 then return value end
    return false
  end
  return redis.call('HGET', p .. 'ix:' .. field, value)
end

local old = {}
local rec = {}
local found = false
if ARGV[2] ~= '' then found = owner(ARGV[2], ARGV[3]) end
if found then
  local stored = redis.call('HGETALL', p .. 't:' .. found)
  for i = 1, #stored, 2 do
    old[stored[i]] = stored[i + 1]
    rec[stored[i]] = stored[i + 1]
  end
  rec['id'] = found
else
  local id = ARGV[5]
  if id == '' then
    id = ARGV[4]
    if redis.call('EXISTS', p .. 't:' .. id) == 1 then return {'id-taken'} end
  end
  rec['id'] = id
end
for i = 2, #cols do
  local v = ARGV[4 + i]
  if v ~= '' then rec[cols[i]] = v end
end

for _, f in ipairs(unique) do
  local v = rec[f]
  if v then
    local o = redis.call('HGET', p .. 'ix:' .. f, v)
    if o and o ~= rec['id'] then return {'dup', f} end
  end
end

for _, f in ipairs(unique) do
  local ov = old[f]
  if ov and ov ~= rec[f] then redis.call('HDEL', p .. 'ix:' .. f, ov) end
  if rec[f] then redis.call('HSET', p .. 'ix:' .. f, rec[f], rec['id']) end
end
local key = p .. 't:' .. rec['id']
local flat = {}
for _, c in ipairs(cols) do
  if rec[c] then
    flat[#flat + 1] = c
    flat[#flat + 1] = rec[c]
  end
end
redis.call('DEL', key)
redis.call('HSET', key, unpack(flat))
redis.call('SADD', KEYS[1], rec['id'])
local reply = {'ok'}
for i = 1, #flat do reply[i + 1] = flat[i] end
return reply
