-- The whole upsert, atomically: match-key lookup, merge, uniqueness checks, index maintenance.
-- KEYS[1] the namespace's id set ({prefix}ids); every key of the namespace shares its hash tag.
-- ARGV[1] key prefix ("{prefix}"), ARGV[2] match field ("" for none), ARGV[3] match value,
-- ARGV[4] a fresh random id for an insert without one, ARGV[5..14] the token's fields in Zoho's column order
-- ("" for absent), and, for a fenced save, ARGV[15] a lease holder: the save stands only while that holder's lease
-- on the record ARGV[5] is live and the record exists (a fenced save never re-creates a deleted record).
-- Returns {"ok", field, value, ...} with the stored record, {"dup", field}, {"id-taken"} or {"lease-lost"}.
local p = ARGV[1]
-- The lists come from io.tokenstore.spi.TokenField, put in where the placeholders stand when the script is loaded:
-- cols every column in Zoho's order, unique the unique ones in the order they are checked.
local cols = {@COLUMNS@}
local unique = {@UNIQUE_COLUMNS@}
local holder = ARGV[5 + #cols]
if holder and (redis.call('GET', p .. 'lease:' .. ARGV[5]) ~= holder
    or redis.call('EXISTS', p .. 't:' .. ARGV[5]) == 0) then return {'lease-lost'} end

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

-- Only values that change are claimed and written: a refresh touches its new access token and nothing else.
-- A new index entry is claimed with HSETNX (one call, not a check and a write); a value another record holds is
-- a duplicate, and the claims made before it are taken back: nothing else runs while a script does.
local claimed = {}
for _, f in ipairs(unique) do
  local v = rec[f]
  if v and v ~= old[f] then
    local ix = p .. 'ix:' .. f
    if redis.call('HSETNX', ix, v, rec['id']) == 1 then
      claimed[#claimed + 1] = ix
      claimed[#claimed + 1] = v
    elseif redis.call('HGET', ix, v) ~= rec['id'] then
      for i = 1, #claimed, 2 do redis.call('HDEL', claimed[i], claimed[i + 1]) end
      return {'dup', f}
    end
  end
end
for _, f in ipairs(unique) do
  local o = old[f]
  if o and o ~= rec[f] then redis.call('HDEL', p .. 'ix:' .. f, o) end
end
local key = p .. 't:' .. rec['id']
local changed = {}
local reply = {'ok'}
for _, c in ipairs(cols) do
  if rec[c] then
    reply[#reply + 1] = c
    reply[#reply + 1] = rec[c]
    if rec[c] ~= old[c] then
      changed[#changed + 1] = c
      changed[#changed + 1] = rec[c]
    end
  end
end
-- A merge never removes a field, so writing the changed ones is the whole update.
if #changed > 0 then redis.call('HSET', key, unpack(changed)) end
if not found then redis.call('SADD', KEYS[1], rec['id']) end
return reply
