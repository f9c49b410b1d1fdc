// oidc-provider set up close to ID-porten: pid in the ID token (no e-mail), pairwise sub,
// acr levels, PKCE required, private_key_jwt, RP-initiated and front-channel logout. The
// login page is replaced by a URL the test calls: /interaction/<uid>?konto=<pid>&acr=<level>.
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
    // oidc-provider 9 dropped Front-Channel Logout; a back-channel URI with the session
    // required is what makes it put the session's `sid` in the ID token. Its logout
    // tokens go to a path of this server that drops them.
    backchannel_logout_uri: `${utsteder}/tom-bakkanal`,
    backchannel_logout_session_required: true,
  }],
  claims: { openid: ['sub', 'pid'], profile: ['name'], email: ['email'] },
  acrValues: ['idporten-loa-substantial', 'idporten-loa-high'],
  scopes: ['openid', 'profile', 'email'],
  subjectTypes: ['public', 'pairwise'],
  pkce: { required: () => true },
  cookies: { keys: ['ekte-oidc-tester-bare-lokalt'] },
  features: {
    devInteractions: { enabled: false },
    backchannelLogout: { enabled: true },
    // Confirms the logout at once (a browser runs the script; a test posts the form).
    // Front-Channel Logout 1.0 as ID-porten does it: the logout page frames the client's
    // frontchannel_logout_uri with iss and the session's sid, and goes on once it loaded.
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        const sid = ctx.oidc.session.sidFor(oppsett.klient_id);
        const ramme = oppsett.frontchannel_logout_uri && sid
          ? `<iframe id="frontkanal" src="${oppsett.frontchannel_logout_uri}?${
            new URLSearchParams({ iss: utsteder, sid })}"></iframe>` : '';
        ctx.body = `<!DOCTYPE html><html><body>${form}${ramme}<script>
          const f = document.getElementById('op.logoutForm');
          f.insertAdjacentHTML('beforeend', '<input type="hidden" name="logout" value="yes">');
          const r = document.getElementById('frontkanal');
          if (r) r.addEventListener('load', () => f.submit()); else f.submit();
          </script></body></html>`;
      },
    },
  },
  async findAccount(_ctx, id) {
    // An account named by an e-mail address has that address as its `email` claim, which
    // the provider's defaults give only from UserInfo (conformIdTokenClaims).
    const epost = id.includes('@') ? { email: id } : {};
    return {
      accountId: id,
      async claims() { return { sub: id, pid: id, name: 'Test Testesen', ...epost }; },
    };
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
  if (url.pathname === '/tom-bakkanal') return res.end();
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
