-- Deletes records with their index entries. KEYS[1] the id set; ARGV[1] key prefix.
-- ARGV[2] an id to delete, or "" to delete up to ARGV[3] records of the set (a batch of deleteTokens).
-- Returns how many records were deleted.
local p = ARGV[1]
-- From io.tokenstore.spi.TokenField, put in where the placeholder stands when the script is loaded.
local unique = {@UNIQUE_COLUMNS@}

local function drop(id)
  local key = p .. 't:' .. id
  local fields = redis.call('HMGET', key, unpack(unique))
  for i, f in ipairs(unique) do
    local v = fields[i]
    if v and redis.call('HGET', p .. 'ix:' .. f, v) == id then redis.call('HDEL', p .. 'ix:' .. f, v) end
  end
  redis.call('SREM', KEYS[1], id)
  return redis.call('UNLINK', key)
end

if ARGV[2] ~= '' then return drop(ARGV[2]) end
local ids = redis.call('SRANDMEMBER', KEYS[1], tonumber(ARGV[3]))
for _, id in ipairs(ids) do drop(id) end
return #ids
