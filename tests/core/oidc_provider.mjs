// A real OpenID Connect provider (npm `oidc-provider`) on loopback for the login tests.
//
//   node tests/core/oidc_provider.mjs <config.json>
//
// config.json: {"port": 0, "issuer": "http://127.0.0.1:PORT", "clients": [...], "accounts_file": "..."}
// The accounts file ({"<login>": {"claims": {...}, "amr": [...], "acr": "..."}}) is read at every
// login, so a test sets the claims of the next login by rewriting it. Each run makes its own RSA
// signing key (same kid): a second instance with the same issuer signs with a key the app does not trust.
// Prints "LISTENING <port>" once it accepts connections.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const accounts = () => JSON.parse(readFileSync(config.accounts_file, 'utf8'));

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
// The same key id in every instance: an impostor's token is told apart by its signature alone.
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'spuk-test-key', alg: 'RS256', use: 'sig' };

const page = (title, body) => `<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;

const provider = new Provider(config.issuer, {
  clients: config.clients,
  jwks: { keys: [jwk] },
  cookies: { keys: [randomBytes(16).toString('hex')] },
  claims: {
    openid: ['sub', 'acr', 'amr'],
    email: ['email', 'email_verified'],
    profile: ['given_name', 'family_name', 'name'],
    groups: ['groups'],
    eherkenning: ['kvk', 'vestiging'],
  },
  scopes: ['openid', 'email', 'profile', 'groups', 'eherkenning'],
  conformIdTokenClaims: true,
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page('Uitloggen bij de provider', `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Ja, uitloggen</button>`);
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = page('Uitgelogd bij de provider', '');
      },
    },
  },
  findAccount: async (ctx, id) => {
    const account = accounts()[id];
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...account.claims }) };
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  loadExistingGrant: async (ctx) => {
    // No consent screen: the test client gets every scope and claim it asks for.
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(ctx.oidc.requestParamScopes ? [...ctx.oidc.requestParamScopes].join(' ') : 'openid');
    grant.addOIDCClaims([...ctx.oidc.requestParamClaims || []]);
    await grant.save();
    return grant;
  },
  ttl: { Session: 3600, Interaction: 600, Grant: 3600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Fout bij de provider', `<p id="fout">${out.error}: ${out.error_description || ''}</p>`);
  },
});
provider.proxy = false;

const readForm = (req) => new Promise((resolve, reject) => {
  let data = '';
  req.on('data', (chunk) => { data += chunk; });
  req.on('end', () => resolve(Object.fromEntries(new URLSearchParams(data))));
  req.on('error', reject);
});

const callback = provider.callback();
const server = createServer(async (req, res) => {
  const match = req.url.match(/^\/interaction\/([^/?]+)(\/login)?/);
  if (!match) return callback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'POST' && match[2]) {
      const form = await readForm(req);
      const account = accounts()[form.login];
      if (!account) {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end(page('Inloggen bij de provider', `<p id="fout">Onbekend account</p>`));
      }
      const login = { accountId: form.login, amr: account.amr, acr: account.acr };
      return provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    return res.end(page('Inloggen bij de provider', `
      <form method="post" action="/interaction/${details.uid}/login">
        <label for="login">Gebruikersnaam</label><input id="login" name="login" autocomplete="off">
        <label for="password">Wachtwoord</label><input id="password" name="password" type="password">
        <button type="submit">Aanmelden bij provider</button>
      </form>`));
  } catch (err) {
    res.writeHead(400, { 'content-type': 'text/html' });
    return res.end(page('Fout bij de provider', `<p id="fout">${String(err.message).replace(/</g, '&lt;')}</p>`));
  }
});
server.listen(config.port, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${server.address().port}\n`);
});
