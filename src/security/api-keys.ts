/**
 * API keys: generation, format checks and constant-time verification. A presented key is hashed
 * to a fixed-length digest and compared with every configured digest by `timingSafeEqual`, with
 * no early exit, so neither the key's length nor which key matched shows in the timing.
 */
import { randomInt, timingSafeEqual } from 'node:crypto';

export type Role = 'scan' | 'admin';
export const ROLES: readonly Role[] = ['scan', 'admin'];
export const KEY_PREFIX: Readonly<Record<Role, string>> = { scan: 'iwk_scan_', admin: 'iwk_admin_' };

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** 32 characters of base62 = 190 bits of entropy: well above the 128 bits the contract asks for. */
const KEY_BODY_LENGTH = 32;
const MIN_BODY_LENGTH = 32;
const BODY = /^[A-Za-z0-9]+$/;

/** Generates a new key for `role` from the CSPRNG: the prefix then 32 letters or digits. */
export function generateApiKey(role: Role): string {
  let body = '';
  // randomInt draws uniformly (rejection sampling inside), so no modulo bias.
  for (let i = 0; i < KEY_BODY_LENGTH; i++) body += ALPHABET[randomInt(ALPHABET.length)];
  return KEY_PREFIX[role] + body;
}

/** True when `key` has the role's prefix followed by at least 32 letters or digits. */
export function isWellFormedKey(key: string, role: Role): boolean {
  const prefix = KEY_PREFIX[role];
  if (!key.startsWith(prefix)) return false;
  const body = key.slice(prefix.length);
  return body.length >= MIN_BODY_LENGTH && body.length <= 256 && BODY.test(body);
}

/** SHA-256 of a secret: a fixed 32 bytes whatever the input's length or encoding. */
export function digest(secret: string): Buffer {
  // Bun's one-shot SHA-256 (UTF-8 for strings): about 5× cheaper than node:crypto's createHash,
  // and it runs for every presented key.
  const out = Buffer.allocUnsafe(32);
  Bun.SHA256.hash(secret, out);
  return out;
}

/** A non-secret identifier of a key for logs and audit trails: the first 12 hex digits of its digest. */
export function keyId(key: string): string {
  return digest(key).toString('hex').slice(0, 12);
}

export type KeyCheck =
  | { readonly valid: true; readonly role: Role; readonly keyId: string }
  | { readonly valid: false; readonly code: 'UNKNOWN_KEY' };

interface Entry {
  readonly digest: Buffer;
  readonly role: Role;
  readonly id: string;
}

/** The configured keys, held only as digests. */
export class KeyRing {
  private readonly entries: readonly Entry[];

  constructor(keys: { scan: readonly string[]; admin: readonly string[] }) {
    this.entries = [
      ...keys.scan.map((k) => ({ digest: digest(k), role: 'scan' as const, id: keyId(k) })),
      ...keys.admin.map((k) => ({ digest: digest(k), role: 'admin' as const, id: keyId(k) })),
    ];
  }

  get size(): number {
    return this.entries.length;
  }

  /**
   * Checks a presented key against every configured key. Runs the same comparisons whatever the
   * input (any length, empty, multibyte): it never throws and never exits early.
   */
  verify(presented: string): KeyCheck {
    const d = digest(presented);
    let found: Entry | undefined;
    for (const entry of this.entries) {
      // Non-short-circuit: every entry is compared even after a hit.
      if (timingSafeEqual(d, entry.digest) && found === undefined) found = entry;
    }
    return found ? { valid: true, role: found.role, keyId: found.id } : { valid: false, code: 'UNKNOWN_KEY' };
  }
}

/** Which roles a principal of `role` may act as: admin may do everything scan may. */
export function roleSatisfies(have: Role, need: Role): boolean {
  return have === 'admin' || have === need;
}
