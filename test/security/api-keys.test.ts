import { createHash } from 'node:crypto';
import { describe, expect, test } from 'bun:test';
import { generateApiKey, isWellFormedKey, KeyRing, keyId, roleSatisfies, digest } from '../../src/security/api-keys';

describe('generateApiKey', () => {
  test.each(['scan', 'admin'] as const)('%s keys: prefix + 32 base62 characters, unique', (role) => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const key = generateApiKey(role);
      expect(key).toMatch(new RegExp(`^iwk_${role}_[A-Za-z0-9]{32}$`));
      expect(isWellFormedKey(key, role)).toBe(true);
      seen.add(key);
    }
    expect(seen.size).toBe(200);
  });

  test('uses the whole alphabet (no modulo-biased subset)', () => {
    const chars = new Set<string>();
    for (let i = 0; i < 300; i++) for (const c of generateApiKey('scan').slice(9)) chars.add(c);
    expect(chars.size).toBe(62);
  });
});

describe('isWellFormedKey', () => {
  test.each([
    ['iwk_scan_' + 'a'.repeat(32), 'scan', true],
    ['iwk_scan_' + 'a'.repeat(31), 'scan', false],
    ['iwk_admin_' + 'a'.repeat(32), 'scan', false],
    ['iwk_scan_' + 'a'.repeat(31) + '-', 'scan', false],
    ['iwk_scan_' + 'é'.repeat(32), 'scan', false],
    ['', 'admin', false],
  ] as const)('%s as %s → %p', (key, role, ok) => {
    expect(isWellFormedKey(key, role)).toBe(ok);
  });
});

describe('KeyRing.verify', () => {
  const scanA = generateApiKey('scan');
  const scanB = generateApiKey('scan');
  const admin = generateApiKey('admin');
  const ring = new KeyRing({ scan: [scanA, scanB], admin: [admin] });

  test('each configured key resolves to its role and a non-secret id', () => {
    expect(ring.verify(scanA)).toEqual({ valid: true, role: 'scan', keyId: keyId(scanA) });
    expect(ring.verify(scanB)).toMatchObject({ valid: true, role: 'scan' });
    expect(ring.verify(admin)).toMatchObject({ valid: true, role: 'admin' });
    expect(keyId(scanA)).toMatch(/^[0-9a-f]{12}$/);
    expect(scanA).not.toContain(keyId(scanA));
  });

  test.each([
    ['empty', ''],
    ['wrong key', generateApiKey('scan')],
    ['prefix of a real key', 'iwk_scan_'],
    ['one char short', 'x'],
    ['10 KB', 'k'.repeat(10_000)],
    ['multibyte', 'iwk_scan_ключ🔑'],
    ['NUL bytes', '\u0000\u0000'],
  ])('rejects %s without throwing', (_name, key) => {
    const key2 = key === 'x' ? scanA.slice(0, -1) : key;
    expect(ring.verify(key2)).toEqual({ valid: false, code: 'UNKNOWN_KEY' });
  });

  test('roles: admin satisfies scan, not the other way', () => {
    expect(roleSatisfies('admin', 'scan')).toBe(true);
    expect(roleSatisfies('admin', 'admin')).toBe(true);
    expect(roleSatisfies('scan', 'scan')).toBe(true);
    expect(roleSatisfies('scan', 'admin')).toBe(false);
  });
});

describe('digest', () => {
  test('is SHA-256 over UTF-8, byte for byte what node:crypto computes', () => {
    for (const s of ['', 'iwk_scan_abc', 'ключ-🔑', 'x'.repeat(10_000)]) {
      expect(digest(s).equals(createHash('sha256').update(s, 'utf8').digest())).toBe(true);
    }
  });
});
