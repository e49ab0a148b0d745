// Runs one operation of a Zoho Node SDK token store and prints the result as one line of JSON.
//   node zoho.mjs file PATH OP ARGS...      the SDK's FileStore on a token file
//   node zoho.mjs db TABLE OP ARGS...       the SDK's DBStore on MySQL/MariaDB (ZOHO_DB_HOST, _PORT, _NAME, _USER,
//                                           _PASSWORD; defaults 127.0.0.1, 3306, test, root, empty)
// OP: save USER ACCESS REFRESH GRANT EXPIRY   (empty string = absent; as the SDK saves after a token exchange)
//     refresh USER ACCESS EXPIRY             (as the SDK saves after a refresh: the user and the new access token)
//     find USER | findAccess ACCESS | findById ID | list | delete ID
import { DBBuilder, FileStore, OAuthToken, UserSignature } from "@zohocrm/nodejs-sdk-8.0";

const [kind, where, op, ...args] = process.argv.slice(2);
const env = process.env;
const store = kind === "file" ? new FileStore(where) : new DBBuilder()
    .host(env.ZOHO_DB_HOST || "127.0.0.1").portNumber(env.ZOHO_DB_PORT || "3306")
    .databaseName(env.ZOHO_DB_NAME || "test").userName(env.ZOHO_DB_USER || "root")
    .password(env.ZOHO_DB_PASSWORD || "").tableName(where).build();

function token(fields) {
  const t = Reflect.construct(OAuthToken, []);
  const v = (s) => (s === undefined || s === "" ? null : s);
  if (v(fields.user)) t.setUserSignature(new UserSignature(fields.user));
  t.setClientId(v(fields.clientId));
  t.setClientSecret(v(fields.clientSecret));
  t.setAccessToken(v(fields.access));
  t.setRefreshToken(v(fields.refresh));
  t.setGrantToken(v(fields.grant));
  t.setExpiresIn(v(fields.expiry));
  t.setRedirectURL(v(fields.redirect));
  return t;
}

function json(t) {
  if (t == null) return null;
  return {
    id: t.getId() == null ? null : String(t.getId()),
    user: t.getUserSignature() == null ? null : t.getUserSignature().getName(),
    clientId: t.getClientId() ?? null,
    accessToken: t.getAccessToken() ?? null,
    refreshToken: t.getRefreshToken() ?? null,
    grantToken: t.getGrantToken() ?? null,
    expiresIn: t.getExpiresIn() == null ? null : String(t.getExpiresIn()),
  };
}

async function run() {
  switch (op) {
    case "save": {
      const [user, access, refresh, grant, expiry] = args;
      const t = token({ user, access, refresh, grant, expiry, clientId: "1000.ZOHO", clientSecret: "zoho-secret",
        redirect: "https://example.com/cb" });
      await store.saveToken(t);
      return json(t);
    }
    case "refresh": {
      const [user, access, expiry] = args;
      const t = token({ user, access, expiry });
      await store.saveToken(t);
      return json(t);
    }
    case "find": {
      // DBStore answers the token it was given when nothing matches; FileStore answers null.
      const t = await store.findToken(token({ user: args[0] }));
      return t == null || t.getId() == null ? null : json(t);
    }
    case "findAccess": {
      const t = await store.findToken(token({ access: args[0] }));
      return t == null || t.getId() == null ? null : json(t);
    }
    case "findById":
      return json(await store.findTokenById(args[0]));
    case "list":
      return ((await store.getTokens()) || []).map(json);
    case "delete":
      await store.deleteToken(args[0]);
      return true;
    default:
      throw new Error("unknown operation " + op);
  }
}

run().then(
  (result) => { process.stdout.write(JSON.stringify({ ok: result }) + "\n"); },
  (err) => {
    const cause = err && err.cause ? err.cause : err && err.details ? err.details : null;
    process.stdout.write(JSON.stringify({ error: String((err && (err.code || err.message)) || err),
      cause: cause ? String(cause.code || cause.message || cause) : null }) + "\n");
    process.exitCode = 3;
  });
