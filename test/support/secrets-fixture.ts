// A workspace with planted secrets in every place the spec names: secret headers, the
// private environment file, `.env`, URL userinfo and a Set-Cookie response. Each planted
// value is unique, so a plain substring search of any output finds a leak.
import { workspace, type Workspace } from './run-harness';
import type { HostileServer } from './hostile-server';

export const PLANTED = {
  authorization: 'AUTHZ-planted-5d1c9e',
  cookie: 'COOKIE-planted-77aa01',
  apiKeyHeader: 'APIKEY-planted-31f0bb',
  privateEnv: 'PRIVENV-planted-a9e2c4',
  privatePassword: 'PRIVPASS-planted-e3e3d0',
  dotenv: 'DOTENV-planted-0b7c55',
  userinfo: 'USERINFO-planted-4e4e17',
  setCookie: 'SETCOOKIE-planted-121299',
} as const;

export const PLANTED_VALUES: readonly string[] = Object.values(PLANTED);

/** Which planted values occur in `text`, by name. */
export function leaksIn(text: string): string[] {
  return Object.entries(PLANTED)
    .filter(([, v]) => text.includes(v))
    .map(([k]) => k);
}

export async function secretsWorkspace(server: HostileServer): Promise<Workspace> {
  const port = new URL(server.url).port;
  const setCookie = Buffer.from(`sid=${PLANTED.setCookie}; Path=/; HttpOnly`).toString('base64');
  const text = [
    '# @concurrency 4',
    '# @retries 0',
    '# @timeout 2s',
    '',
    '### secret headers',
    'GET {{host}}/ok',
    `Authorization: Bearer ${PLANTED.authorization}`,
    `Cookie: sid=${PLANTED.cookie}`,
    `X-Api-Key: ${PLANTED.apiKeyHeader}`,
    '',
    '### a private env value in the query of a failing request',
    'GET {{host}}/status?code=500&token={{privToken}}',
    '',
    '### a .env value and a private value in headers and the body',
    'POST {{host}}/ok',
    'X-Trace: {{$dotenv TRACE_SECRET}}',
    'Content-Type: application/json',
    '',
    '{"password": "{{privPassword}}"}',
    '',
    '### userinfo',
    `GET http://alice:${PLANTED.userinfo}@127.0.0.1:${port}/ok`,
    '',
    '### a refused connection whose URL carries a secret',
    `GET ${server.refusedUrl}/x?t={{privToken}}`,
    '',
    '### a response that sets a cookie',
    `GET {{host}}/set-cookie?b64=${encodeURIComponent(setCookie)}`,
    '',
    '### a failed redirect chain carrying a private value',
    'GET {{host}}/redirect-loop?s={{privToken}}',
    '',
    '### a secret header value that also appears in the URL of a failing request',
    `GET {{host}}/status?code=503&echo=${PLANTED.apiKeyHeader}`,
    `X-Api-Key: ${PLANTED.apiKeyHeader}`,
    '',
  ].join('\n');
  const ws = await workspace(text);
  await ws.write('http-client.env.json', JSON.stringify({ dev: { host: server.url } }));
  await ws.write(
    'http-client.private.env.json',
    JSON.stringify({ dev: { privToken: PLANTED.privateEnv, privPassword: PLANTED.privatePassword } }),
  );
  await ws.write('.env', `TRACE_SECRET=${PLANTED.dotenv}\n`);
  return ws;
}
