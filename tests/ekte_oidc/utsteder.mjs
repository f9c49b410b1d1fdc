// oidc-provider set up close to ID-porten: pid in the ID token (no e-mail), pairwise sub,
// acr levels, PKCE required, private_key_jwt, RP-initiated logout. The login page is
// replaced by a URL the test calls: /interaction/<uid>?konto=<pid>&acr=<level>.
// Settings come as one JSON document in OIDC_OPPSETT; prints "klar <port>" when listening.
import { createHash } from 'node:crypto';
import http from 'node:http';
import Provider from 'oidc-provider';

const oppsett = JSON.parse(process.env.OIDC_OPPSETT);
const utsteder = `http://127.0.0.1:${oppsett.port}`;

const provider = new Provider(utsteder, {
  clients: [{
    client_id: oppsett.klient_id,
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'RS256',
    jwks: { keys: [oppsett.klientnokkel] },
    redirect_uris: [oppsett.redirect_uri],
    post_logout_redirect_uris: [oppsett.post_logout_redirect_uri],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    subject_type: 'pairwise',
  }],
  claims: { openid: ['sub', 'pid'], profile: ['name'] },
  acrValues: ['idporten-loa-substantial', 'idporten-loa-high'],
  scopes: ['openid', 'profile'],
  subjectTypes: ['public', 'pairwise'],
  pkce: { required: () => true },
  cookies: { keys: ['ekte-oidc-tester-bare-lokalt'] },
  features: {
    devInteractions: { enabled: false },
    // Confirms the logout at once (a browser runs the script; a test posts the form).
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = `<!DOCTYPE html><html><body>${form}<script>
          const f = document.getElementById('op.logoutForm');
          f.insertAdjacentHTML('beforeend', '<input type="hidden" name="logout" value="yes">');
          f.submit();</script></body></html>`;
      },
    },
  },
  async findAccount(_ctx, id) {
    return { accountId: id, async claims() { return { sub: id, pid: id, name: 'Test Testesen' }; } };
  },
  // A different sub for every client, as ID-porten gives.
  async pairwiseIdentifier(_ctx, accountId, client) {
    return createHash('sha256').update(`${client.sectorIdentifier}|${accountId}|salt`).digest('hex');
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
});
provider.proxy = false;
// The provider's own errors go to stderr, which the test shows when it fails.
provider.on('server_error', (_ctx, feil) => console.error(feil));

const app = provider.callback();
const tjener = http.createServer(async (req, res) => {
  const url = new URL(req.url, utsteder);
  const treff = url.pathname.match(/^\/interaction\/([\w-]+)$/);
  if (!treff) return app(req, res);
  if (!url.searchParams.get('konto')) {  // the login page: the test names who logs in
    res.setHeader('content-type', 'text/html; charset=utf-8');
    return res.end('<!DOCTYPE html><title>Testutsteder</title><h1>Logg inn</h1>');
  }
  try {
    const detaljer = await provider.interactionDetails(req, res);
    const konto = url.searchParams.get('konto');
    const acr = url.searchParams.get('acr');
    const grant = new provider.Grant({ accountId: konto, clientId: detaljer.params.client_id });
    grant.addOIDCScope(detaljer.params.scope);
    const resultat = {
      login: { accountId: konto, acr, amr: ['BankID'] },
      consent: { grantId: await grant.save() },
    };
    await provider.interactionFinished(req, res, resultat, { mergeWithLastSubmission: false });
  } catch (feil) {
    res.statusCode = 500;
    res.end(String(feil));
  }
});
tjener.listen(oppsett.port, '127.0.0.1', () => console.log(`klar ${oppsett.port}`));
