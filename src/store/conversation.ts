/**
 * Conversation sessions as the stores keep them: the record, the per-turn update, and the same
 * update as a Lua script for Redis. The TypeScript reducer (SQLite, inside a transaction) and the
 * Lua twin (Redis, one EVAL) must stay in step; the contract suite runs both on the same turns.
 *
 * Risk model: each turn contributes its scan score, weighted up when one of its signatures already
 * matched earlier in the conversation (+25 % per earlier occurrence, at most 2×), so repeated
 * extraction attempts climb faster than unrelated noise. The session risk is the sum of
 * contributions with exponential decay (half-life from the policy); it is flagged at `flag` and
 * blocked at `block`. Decay is applied relative to the newest turn, so the result does not depend
 * on the order in which concurrent turns arrive.
 */

export type Escalation = 'none' | 'flag' | 'block';

/** Everything a create or update needs besides the turn itself (from config and policy). */
export interface ConversationParams {
  /** Lifetime of a session created by this call; each turn slides it from the newest turn. */
  readonly ttlMs: number;
  /** Most sessions kept; creating one more evicts the one closest to expiry. */
  readonly maxSessions: number;
  /** Most turns kept in `history` (older ones are dropped; `turns` still counts them). */
  readonly maxTurns: number;
  readonly halfLifeMs: number;
  readonly flag: number;
  readonly block: number;
  readonly policy: string;
}

/** One scan's facts, as recorded in its conversation. */
export interface TurnInput {
  readonly direction: 'input' | 'output';
  readonly decision: string;
  readonly score: number;
  /** Matched signature ids, without duplicates. */
  readonly signatures: readonly string[];
}

export interface TurnRecord {
  readonly at: number;
  readonly direction: string;
  readonly decision: string;
  readonly score: number;
  readonly contribution: number;
  readonly signatures: string[];
}

export interface ConversationRecord {
  id: string;
  created_at: number;
  last_seen: number;
  ttl_ms: number;
  expires_at: number;
  /** Turns ever recorded (history keeps only the newest `maxTurns`). */
  turns: number;
  /** Decayed risk as of `risk_at`. */
  risk: number;
  risk_at: number;
  /** Sum of all contributions, without decay. */
  cumulative: number;
  escalation: Escalation;
  peak_escalation: Escalation;
  /** Signature id → number of turns it matched in. */
  signatures: Record<string, number>;
  history: TurnRecord[];
  half_life_ms: number;
  flag: number;
  block: number;
  policy: string;
}

const REPEAT_STEP = 0.25;
const REPEAT_CAP = 4;
const LEVEL: Readonly<Record<Escalation, number>> = { none: 0, flag: 1, block: 2 };

/** Rounds to 6 decimals, the same way the Lua twin does, so both stores agree to the digit. */
export const round6 = (x: number): number => Math.floor(x * 1e6 + 0.5) / 1e6;

/** The factor a score keeps after `ms` with half-life `halfLifeMs`. */
export const decayFactor = (ms: number, halfLifeMs: number): number => Math.pow(2, -ms / halfLifeMs);

/** The escalation level a risk reaches under the given thresholds. */
export function escalationOf(risk: number, flag: number, block: number): Escalation {
  if (risk >= block) return 'block';
  if (risk >= flag) return 'flag';
  return 'none';
}

/** A fresh, empty session. */
export function newConversation(id: string, p: ConversationParams, now: number): ConversationRecord {
  return {
    id,
    created_at: now,
    last_seen: now,
    ttl_ms: p.ttlMs,
    expires_at: now + p.ttlMs,
    turns: 0,
    risk: 0,
    risk_at: now,
    cumulative: 0,
    escalation: 'none',
    peak_escalation: 'none',
    signatures: {},
    history: [],
    half_life_ms: p.halfLifeMs,
    flag: p.flag,
    block: p.block,
    policy: p.policy,
  };
}

/** Applies one turn to a session (a new one when `prev` is null or expired); never mutates `prev`. */
export function applyTurn(prev: ConversationRecord | null, id: string, turn: TurnInput, p: ConversationParams, now: number): ConversationRecord {
  // An expired session is over: the turn starts a new one (the stores check this too).
  const live = prev !== null && prev.expires_at > now ? prev : null;
  const rec: ConversationRecord = live
    ? { ...live, signatures: { ...live.signatures }, history: [...live.history] }
    : newConversation(id, p, now);
  let repeats = 0;
  for (const s of turn.signatures) repeats = Math.max(repeats, rec.signatures[s] ?? 0);
  const contribution = round6(turn.score * (1 + REPEAT_STEP * Math.min(repeats, REPEAT_CAP)));
  if (now >= rec.risk_at) {
    rec.risk = round6(rec.risk * decayFactor(now - rec.risk_at, p.halfLifeMs) + contribution);
    rec.risk_at = now;
  } else {
    // A turn older than the newest one decays to the newest one's time instead.
    rec.risk = round6(rec.risk + contribution * decayFactor(rec.risk_at - now, p.halfLifeMs));
  }
  rec.cumulative = round6(rec.cumulative + contribution);
  rec.turns += 1;
  for (const s of turn.signatures) rec.signatures[s] = (rec.signatures[s] ?? 0) + 1;
  rec.history.push({ at: now, direction: turn.direction, decision: turn.decision, score: turn.score, contribution, signatures: [...turn.signatures] });
  while (rec.history.length > p.maxTurns) rec.history.shift();
  rec.last_seen = Math.max(rec.last_seen, now);
  rec.expires_at = rec.last_seen + rec.ttl_ms;
  rec.half_life_ms = p.halfLifeMs;
  rec.flag = p.flag;
  rec.block = p.block;
  rec.policy = p.policy;
  rec.escalation = escalationOf(rec.risk, p.flag, p.block);
  if (LEVEL[rec.escalation] > LEVEL[rec.peak_escalation]) rec.peak_escalation = rec.escalation;
  return rec;
}

/**
 * Reads a stored record. Redis' cjson writes an empty array as `{}`, so list fields are normalized.
 */
export function parseConversation(raw: string): ConversationRecord {
  const rec = JSON.parse(raw) as ConversationRecord;
  rec.history = Array.isArray(rec.history) ? rec.history.map((t) => ({ ...t, signatures: Array.isArray(t.signatures) ? t.signatures : [] })) : [];
  rec.signatures = rec.signatures && !Array.isArray(rec.signatures) ? rec.signatures : {};
  return rec;
}

/**
 * Shared Lua: `evict` drops expired sessions from the index, then the ones closest to expiry while
 * the index is full; `extend` keeps the index alive as long as its longest-lived session (so it
 * has a TTL too). The index holds member id, score expires_at.
 */
const LUA_EVICT = `
local function evict(index, prefix, now, max)
  redis.call('ZREMRANGEBYSCORE', index, '-inf', now)
  local n = redis.call('ZCARD', index)
  while n >= max do
    local victim = redis.call('ZPOPMIN', index)
    if victim[1] == nil then break end
    redis.call('DEL', prefix .. victim[1])
    n = n - 1
  end
end
local function extend(index, ttl)
  local left = redis.call('PTTL', index)
  if left < ttl then redis.call('PEXPIRE', index, ttl) end
end
`;

/**
 * openConversation in one step. KEYS: record, index. ARGV: now, new record JSON, ttl ms,
 * max sessions, record key prefix, id. Returns {created 0|1, record JSON}.
 */
export const LUA_OPEN = `${LUA_EVICT}
local now = tonumber(ARGV[1])
local raw = redis.call('GET', KEYS[1])
-- Expiry follows the caller's clock (Redis' own TTL is only the backstop).
if raw and cjson.decode(raw).expires_at > now then return {0, raw} end
evict(KEYS[2], ARGV[5], now, tonumber(ARGV[4]))
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[6])
extend(KEYS[2], tonumber(ARGV[3]))
return {1, ARGV[2]}
`;

/**
 * recordTurn: the Lua twin of applyTurn. KEYS: record, index. ARGV: now, turn JSON, params JSON,
 * record key prefix, id, new record JSON (used when the session is missing). Returns the record JSON.
 */
export const LUA_TURN = `${LUA_EVICT}
local function round6(x) return math.floor(x * 1e6 + 0.5) / 1e6 end
local LEVEL = { none = 0, flag = 1, block = 2 }
local now = tonumber(ARGV[1])
local turn = cjson.decode(ARGV[2])
local p = cjson.decode(ARGV[3])
local raw = redis.call('GET', KEYS[1])
local rec
if raw then
  rec = cjson.decode(raw)
  if rec.expires_at <= now then rec = nil end
end
if rec == nil then
  evict(KEYS[2], ARGV[4], now, p.maxSessions)
  rec = cjson.decode(ARGV[6])
end
if type(rec.history) ~= 'table' then rec.history = {} end
if type(rec.signatures) ~= 'table' then rec.signatures = {} end
local repeats = 0
for _, s in ipairs(turn.signatures) do
  local c = rec.signatures[s] or 0
  if c > repeats then repeats = c end
end
local contribution = round6(turn.score * (1 + ${REPEAT_STEP} * math.min(repeats, ${REPEAT_CAP})))
if now >= rec.risk_at then
  rec.risk = round6(rec.risk * 2 ^ (-(now - rec.risk_at) / p.halfLifeMs) + contribution)
  rec.risk_at = now
else
  rec.risk = round6(rec.risk + contribution * 2 ^ (-(rec.risk_at - now) / p.halfLifeMs))
end
rec.cumulative = round6(rec.cumulative + contribution)
rec.turns = rec.turns + 1
local sigs = {}
for i, s in ipairs(turn.signatures) do
  rec.signatures[s] = (rec.signatures[s] or 0) + 1
  sigs[i] = s
end
table.insert(rec.history, { at = now, direction = turn.direction, decision = turn.decision, score = turn.score, contribution = contribution, signatures = sigs })
while #rec.history > p.maxTurns do table.remove(rec.history, 1) end
if now > rec.last_seen then rec.last_seen = now end
rec.expires_at = rec.last_seen + rec.ttl_ms
rec.half_life_ms = p.halfLifeMs
rec.flag = p.flag
rec.block = p.block
rec.policy = p.policy
if rec.risk >= p.block then rec.escalation = 'block' elseif rec.risk >= p.flag then rec.escalation = 'flag' else rec.escalation = 'none' end
if LEVEL[rec.escalation] > LEVEL[rec.peak_escalation] then rec.peak_escalation = rec.escalation end
local out = cjson.encode(rec)
local ttl = rec.expires_at - now
if ttl < 1 then ttl = 1 end
redis.call('SET', KEYS[1], out, 'PX', math.floor(ttl))
redis.call('ZADD', KEYS[2], rec.expires_at, ARGV[5])
extend(KEYS[2], math.floor(ttl))
return out
`;

/**
 * deleteConversation. KEYS: record, index. ARGV: id. Returns the deleted record (nil when there
 * was none): read and delete in one script, so of two concurrent deletes only one sees it, and
 * the caller judges expiry on its own clock as SQLite does.
 */
export const LUA_DELETE = `
local rec = redis.call('GET', KEYS[1])
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return rec
`;
