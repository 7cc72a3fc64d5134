/**
 * Picks the state store the configuration asks for: Redis when IW_REDIS_URL is set (shared by
 * several instances), otherwise SQLite at IW_DATA_DIR/state.db (one host). The server and the CLI
 * (`admin keys …`) both open the store here, so they always operate on the same state.
 */
import { join } from 'node:path';
import { redisLocation, type Config } from '../config';
import type { Logger } from '../server/log';
import { systemClock, type Clock, type StateStore } from './interface';
import { RedisStore } from './redis';
import { SqliteStore } from './sqlite';

/** Opens the configured store; a Redis store connects in the background and retries by itself. */
export function openStore(config: Pick<Config, 'redis' | 'dataDir'>, opts: { log: Logger; clock?: Clock }): StateStore {
  const clock = opts.clock ?? systemClock;
  if (config.redis) {
    return new RedisStore({
      url: config.redis.url,
      log: opts.log,
      commandTimeoutMs: config.redis.timeoutMs,
      reconnectMaxMs: config.redis.reconnectMaxMs,
    });
  }
  return new SqliteStore(join(config.dataDir, 'state.db'), clock);
}

/** Where the store lives, for logs and messages (no credentials). */
export function storeLocation(config: Pick<Config, 'redis' | 'dataDir'>): string {
  return config.redis ? redisLocation(config.redis.url) : join(config.dataDir, 'state.db');
}
