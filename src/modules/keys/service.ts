/**
 * Managing keys as the API and the CLI both do it (one service, one behaviour): parse a lifetime,
 * create, list, revoke. Answers bad input with ApiError; the registry does the storing.
 */
import type { Role } from '../../security/api-keys';
import type { KeyRegistry, KeyView } from '../../security/key-registry';
import { ApiError } from '../../server/errors';

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const MIN_MS = 60_000;
const MAX_MS = 3650 * 86_400_000;

/** Parses a lifetime like `90d`, `12h`, `30m`, `2w` or `3600s` into ms (1 minute to 10 years); throws a 422 ApiError otherwise. */
export function parseLifetime(text: string, field = 'body.expires_in'): number {
  const m = /^([1-9][0-9]{0,9})([smhdw])$/.exec(text.trim());
  if (!m) throw new ApiError('VALIDATION', `Invalid request: ${field}: expected a number and a unit (s, m, h, d, w), e.g. 90d or 12h; got "${text}"`);
  const ms = Number(m[1]) * (UNIT_MS[m[2] as string] as number);
  if (ms < MIN_MS || ms > MAX_MS) throw new ApiError('VALIDATION', `Invalid request: ${field}: must be between 1m and 3650d; got "${text}"`);
  return ms;
}

export interface CreatedKey {
  readonly id: string;
  /** The secret, shown this once. */
  readonly key: string;
  readonly role: Role;
  readonly name: string;
  readonly created_at: string;
  readonly expires_at: string | null;
}

export class KeyAdmin {
  constructor(private readonly registry: KeyRegistry) {}

  /** Creates a managed key; the answer is the only place its secret appears. */
  async create(role: Role, name: string, expiresIn: string | undefined): Promise<CreatedKey> {
    const trimmed = name.trim();
    if (trimmed === '') throw new ApiError('VALIDATION', 'Invalid request: body.name: must not be blank');
    const lifetime = expiresIn === undefined ? null : parseLifetime(expiresIn);
    const { key, record } = await this.registry.create(role, trimmed, lifetime);
    return {
      id: record.id,
      key,
      role: record.role,
      name: record.name,
      created_at: new Date(record.created_at).toISOString(),
      expires_at: record.expires_at === null ? null : new Date(record.expires_at).toISOString(),
    };
  }

  /** Every managed key, never a secret or hash. */
  async list(): Promise<KeyView[]> {
    return this.registry.list();
  }

  /** Revokes a managed key; 404 when unknown, 409 for an env key (revoked by removing it from the environment). */
  async revoke(id: string): Promise<KeyView> {
    if (this.registry.isEnvKey(id)) {
      throw new ApiError('CONFLICT', `Key ${id} comes from IW_API_KEY/IW_ADMIN_KEY: remove it from the environment and restart to revoke it`);
    }
    const revoked = await this.registry.revoke(id);
    if (!revoked) throw new ApiError('NOT_FOUND', `No managed key with id ${id}`);
    return revoked;
  }
}
