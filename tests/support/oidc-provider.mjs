// A real, certified OpenID provider (the npm package `oidc-provider`) for the tests of staff
// sign-in with the school's account. It listens on a free port of 127.0.0.1 and prints one line
// of JSON, {"issuer": "..."}, when it is ready; it stops when its stdin closes (so a test that
// dies takes it with it).
//
//   node tests/support/oidc-provider.mjs --client-id kite --client-secret s3cret \
//     --redirect-uri http://127.0.0.1:1234/api/v1/staff/oidc/callback \
//     --account teacher@oak.example [--account ...] [--mode expired|other-audience] \
//     [--issuer-host localhost]
//
// Signing in at its page: any listed account's email as the login, any password (the package's
// own development screens), then "Continue" to consent.
//
// What the tests need to see Kite refuse, made by the provider itself:
// - `--issuer-host localhost`: the provider calls itself http://localhost:PORT while Kite is
//   told http://127.0.0.1:PORT, as when an admin types another tenant's issuer;
// - `--mode other-audience`: its ID tokens are issued for another client (`kite-other`), so their
//   audience is not Kite's client id;
// - `--mode expired`: its ID tokens expire a minute before they are issued.
import http from 'node:http';
import { parseArgs } from 'node:util';
import Provider from 'oidc-provider';

const { values: opt } = parseArgs({
  options: {
    'client-id': { type: 'string', default: 'kite' },
    'client-secret': { type: 'string', default: 'kite-test-secret' },
    'redirect-uri': { type: 'string', multiple: true, default: [] },
    account: { type: 'string', multiple: true, default: [] },
    mode: { type: 'string', default: 'normal' },
    'issuer-host': { type: 'string', default: '127.0.0.1' },
  },
});
if (!['normal', 'expired', 'other-audience'].includes(opt.mode)) {
  throw new Error(`unknown --mode ${opt.mode}`);
}
const OTHER_CLIENT = 'kite-other';
const accounts = new Set(opt.account.map((a) => a.toLowerCase()));

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();
const issuer = `http://${opt['issuer-host']}:${port}`;

const client = (clientId) => ({
  client_id: clientId,
  client_secret: opt['client-secret'],
  redirect_uris: opt['redirect-uri'],
  response_types: ['code'],
  grant_types: ['authorization_code'],
  token_endpoint_auth_method: 'client_secret_basic',
});

const provider = new Provider(issuer, {
  clients: [client(opt['client-id']), client(OTHER_CLIENT)],
  // Any password for a listed account (the package's development screens ask for one).
  async findAccount(_ctx, id) {
    // Found whatever the case typed; the email is given back as typed (as a provider may).
    if (!accounts.has(String(id).toLowerCase())) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: id, email_verified: true };
      },
    };
  },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: [] },
  // The email in the ID token itself, as Microsoft Entra and Google put it (by default this
  // package keeps scope claims for the userinfo endpoint when an access token is issued too).
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  // Tests run over plain http on 127.0.0.1.
  cookies: { keys: ['kite-tests-only'] },
});
provider.proxy = false;

// Made by the provider's own signing, with a different audience or expiry than it would choose.
const issue = provider.IdToken.prototype.issue;
provider.IdToken.prototype.issue = async function issueForTests(options = {}) {
  if (options.use === 'idtoken') {
    if (opt.mode === 'other-audience') {
      this.client = await provider.Client.find(OTHER_CLIENT);
    }
    if (opt.mode === 'expired') {
      return issue.call(this, { ...options, expiresAt: Math.floor(Date.now() / 1000) - 60 });
    }
  }
  return issue.call(this, options);
};

server.on('request', provider.callback());
process.stdout.write(`${JSON.stringify({ issuer: `http://127.0.0.1:${port}`, signs_as: issuer })}\n`);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
