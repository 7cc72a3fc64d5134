/**
 * Secrets never leak: drive every route with known keys and a session cookie (good and bad
 * attempts, errors included), then search every response body and header, every log line and the
 * store file for them. Zero occurrences.
 */
import { expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../../src/server/log';
import { tempDir } from '../helpers/binary';
import { startTestServer } from '../helpers/server';

test('keys and session cookies appear in no response, log line or stored byte', async () => {
  const logs: string[] = [];
  const storePath = join(tempDir(), 'state.db');
  const seen: string[] = [];
  await using s = await startTestServer({ log: createLogger('debug', (l) => logs.push(l)), storePath, env: { IW_LOG_TEXT: 'false' } });
  const record = async (res: Response) => {
    seen.push(`${res.status} ${JSON.stringify([...res.headers])} ${await res.text()}`);
    return res;
  };
  const login = await s.req('/v1/auth/login', { method: 'POST', json: { key: s.adminKey } });
  const setCookie = login.headers.get('set-cookie') ?? '';
  const sessionId = /iw_session=([^;]+)/.exec(setCookie)?.[1] as string;
  expect(sessionId).toHaveLength(43);
  await login.text();
  const cookie = `iw_session=${sessionId}`;
  const wrongAdmin = s.adminKey.slice(0, -4) + 'ZZZZ';

  for (const r of s.routes) {
    const path = r.path.replace(/:(\w+)/g, 'INJ-D-001');
    const body = r.method === 'GET' ? undefined : JSON.stringify({ text: `my key is ${s.scanKey}`, key: wrongAdmin, policy: 'default' });
    const variants: Record<string, string>[] = [{ authorization: `Bearer ${s.scanKey}` }, { authorization: `Bearer ${s.adminKey}` }, { authorization: `Bearer ${wrongAdmin}` }, { cookie }, {}];
    for (const headers of variants) {
      if (path === '/v1/auth/logout') continue;
      await record(await s.req(path, { method: r.method, headers: { ...headers, 'content-type': 'application/json' }, ...(body ? { body } : {}) }));
    }
  }
  // A failed login with a near-miss key, and a login with a scan key.
  await record(await s.req('/v1/auth/login', { method: 'POST', json: { key: wrongAdmin } }));
  await record(await s.req('/v1/auth/login', { method: 'POST', json: { key: s.scanKey } }));
  await record(await s.req('/v1/auth/logout', { method: 'POST', headers: { cookie, 'content-type': 'application/json' } }));
  await Bun.sleep(50);
  await s.stop();

  const haystacks = { responses: seen.join('\n'), logs: logs.join(''), store: readFileSync(storePath).toString('latin1') };
  for (const [where, text] of Object.entries(haystacks)) {
    for (const [name, secret] of Object.entries({ scanKey: s.scanKey, adminKey: s.adminKey, wrongAdmin, sessionId })) {
      // The scan response may echo a scanned key only masked; the raw key must never appear.
      if (text.includes(secret)) throw new Error(`${name} found in ${where}: …${text.slice(Math.max(0, text.indexOf(secret) - 300), text.indexOf(secret) + 60)}`);
    }
  }
  expect(haystacks.logs.length).toBeGreaterThan(0);
});
