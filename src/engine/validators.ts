/**
 * Checksum and plausibility validators for regex matches. A signature names one in its pattern
 * (`validator: luhn`); the engine calls it with the text the regex matched, or with the named
 * capture group `value` when the regex defines one, and keeps the match only when it returns true.
 *
 * Every validator is a pure, total function of its argument: no I/O, no exceptions, and it returns
 * false (never throws) for any string that is not a well-formed value of its kind. The only input
 * besides the value is the calendar date `date_of_birth` compares against; the registry reads the
 * clock once per call, and `isDateOfBirth` takes it as a parameter for tests.
 */
import type { VALIDATORS as VALIDATOR_NAMES } from '../catalog/schema';

export type ValidatorName = (typeof VALIDATOR_NAMES)[number];
export type Validator = (value: string) => boolean;

const SEPARATORS = /[\s-]/g;

/** True when every character of `s` is the same (e.g. 0000000000000000). */
function allSame(s: string): boolean {
  for (let i = 1; i < s.length; i++) if (s[i] !== s[0]) return false;
  return true;
}

/** True when the digit string passes the Luhn (mod 10) checksum. Assumes `digits` is all 0-9. */
export function luhnChecksumOk(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * Published test card numbers (card networks' and payment processors' sandbox values). They pass
 * Luhn but are documentation, not customer data.
 */
const TEST_CARD_NUMBERS: ReadonlySet<string> = new Set([
  '4111111111111111', '4242424242424242', '4012888888881881', '4222222222222', '4000056655665556',
  '4000000000000002', '4000000000000077', '4000000000000093', '4000000000009995', '4917610000000000',
  '5555555555554444', '5105105105105100', '5200828282828210', '2223003122003222', '5454545454545454',
  '378282246310005', '371449635398431', '378734493671000', '6011111111111117', '6011000990139424',
  '3530111333300000', '3566002020360505', '30569309025904', '38520000023237', '36227206271667',
]);

/**
 * Payment card number: after removing spaces and dashes, 13–19 digits that pass the Luhn checksum,
 * are not one repeated digit and are not a published test card number.
 */
export function isLuhnCardNumber(value: string): boolean {
  const digits = value.replace(SEPARATORS, '');
  if (!/^\d{13,19}$/.test(digits) || allSame(digits)) return false;
  if (TEST_CARD_NUMBERS.has(digits)) return false;
  return luhnChecksumOk(digits);
}

/** IBAN total length per country (ISO 13616 registry). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21,
  CR: 22, CY: 28, CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27,
  GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26,
  IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24,
  ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29,
  RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24,
  TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

/**
 * IBAN: after removing spaces, a registered country code, two check digits, an alphanumeric BBAN,
 * the country's registered length, and the ISO 7064 mod-97 remainder equal to 1.
 */
export function isIban(value: string): boolean {
  const iban = value.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$/.test(iban)) return false;
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expected === undefined || iban.length !== expected) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    // Letters count as two digits: A = 10 … Z = 35.
    const n = code >= 65 ? code - 55 : code - 48;
    remainder = n >= 10 ? (remainder * 100 + n) % 97 : (remainder * 10 + n) % 97;
  }
  return remainder === 1;
}

/** SSNs that are famous for appearing in advertising and documentation, never issued to a person. */
const PUBLIC_SSNS: ReadonlySet<string> = new Set(['078051120', '123456789', '219099999', '457555462']);

/**
 * US Social Security number as 9 digits, optionally grouped 3-2-4 with dashes or spaces: the area
 * is not 000, 666 or 900–999, the group is not 00, the serial is not 0000, the digits are not all
 * the same and it is not a well-known advertising/example number (078-05-1120, 123-45-6789 …).
 */
export function isSsn(value: string): boolean {
  const m = /^(\d{3})[- ]?(\d{2})[- ]?(\d{4})$/.exec(value.trim());
  if (!m) return false;
  const [, area = '', group = '', serial = ''] = m;
  const digits = area + group + serial;
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (group === '00' || serial === '0000') return false;
  return !allSame(digits) && !PUBLIC_SSNS.has(digits);
}

/** Dotted-quad IPv4 address: exactly four decimal octets 0–255 without leading zeros. */
export function isIpv4(value: string): boolean {
  const parts = value.split('.');
  if (parts.length !== 4) return false;
  return parts.every((p) => /^(?:0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/**
 * IPv6 address in RFC 4291 text form: up to eight 1–4 digit hex groups, at most one `::` standing
 * for one or more zero groups, and optionally a dotted IPv4 tail in place of the last two groups.
 * Zone ids (`%eth0`) and brackets are not accepted.
 */
export function isIpv6(value: string): boolean {
  if (value.length < 2 || value.length > 45) return false;
  let text = value;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    // An embedded IPv4 tail stands for the last two 16-bit groups.
    if (!isIpv4(tail)) return false;
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const hex = /^[0-9a-fA-F]{1,4}$/;
  const parse = (s: string): string[] | null => {
    if (s === '') return [];
    const g = s.split(':');
    return g.every((x) => hex.test(x)) ? g : null;
  };
  if (halves.length === 1) {
    const g = parse(text);
    return g !== null && g.length === 8;
  }
  const left = parse(halves[0] ?? '');
  const right = parse(halves[1] ?? '');
  if (left === null || right === null) return false;
  return left.length + right.length <= 7;
}

/** Decodes base64url (padding optional) to a UTF-8 string, or null when it is not base64url. */
function decodeBase64Url(part: string): string | null {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(part) || part.replace(/=+$/, '').length % 4 === 1) return null;
  try {
    return Buffer.from(part.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
  } catch {
    return null;
  }
}

/** Parses JSON and returns it only when it is a plain object. */
function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * JSON Web Token (JWS compact form): three dot-separated base64url parts; the header decodes to a
 * JSON object with a string `alg`, and the payload decodes to a JSON object. The signature may be
 * empty (alg none) but must be base64url when present.
 */
export function isJwt(value: string): boolean {
  const parts = value.trim().split('.');
  if (parts.length !== 3) return false;
  const [h = '', p = '', s = ''] = parts;
  if (s !== '' && !/^[A-Za-z0-9_-]+$/.test(s)) return false;
  const headerText = decodeBase64Url(h);
  const payloadText = decodeBase64Url(p);
  if (headerText === null || payloadText === null) return false;
  const header = parseJsonObject(headerText);
  return header !== null && typeof header.alg === 'string' && parseJsonObject(payloadText) !== null;
}

/** Shannon entropy of the string's characters, in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  const n = [...value].length;
  let h = 0;
  for (const c of counts.values()) {
    const p = c / n;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Substrings that mark a documentation value rather than a real secret (checked lowercased). */
const PLACEHOLDER_MARKERS = [
  'xxxx', '****', '...', '…', '•••', '<', '>', '{', '}', '$(', '%s', 'your_', 'your-', 'yourkey',
  'yourtoken', 'yoursecret', 'yourpass', 'example', 'placeholder', 'changeme', 'change_me', 'change-me',
  'redacted', 'dummy', 'sample', 'insert', 'replace_me', 'replaceme', 'fake', 'notreal', 'not_real',
  'secret_here', 'key_here', 'token_here', 'here_', 'abcdefg', 'abc123', '123456', 'qwerty', 'lorem',
  'password', 'passw0rd', 'p@ssw0rd', 'secret',
];

/**
 * Well-known public values that look random but are published in vendor documentation (the AWS
 * example secret, the Azure storage emulator key) and so are not leaks.
 */
const PUBLIC_EXAMPLE_SECRETS = [
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
];

/** True when the string has a run of `n` or more identical characters. */
function hasRun(value: string, n: number): boolean {
  let run = 1;
  for (let i = 1; i < value.length; i++) {
    run = value[i] === value[i - 1] ? run + 1 : 1;
    if (run >= n) return true;
  }
  return false;
}

/**
 * High-entropy secret: Shannon entropy of at least 3.0 bits per character, and not an obvious
 * placeholder (x's or stars, dots or ellipses, template braces, `your_…`, `example`, `changeme`,
 * `redacted`, four or more repeated characters, a published example value).
 */
export function isHighEntropySecret(value: string): boolean {
  const lower = value.toLowerCase();
  if (PLACEHOLDER_MARKERS.some((m) => lower.includes(m))) return false;
  if (PUBLIC_EXAMPLE_SECRETS.some((s) => value.includes(s))) return false;
  if (hasRun(value, 4)) return false;
  return shannonEntropy(value) >= 3.0;
}

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6,
  june: 6, jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
};

/** True when year-month-day is a real calendar date (leap years included). */
function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/** Four-digit year for a two-digit one: the most recent year ending in those digits, not after `now`. */
function expandYear(y: string, now: Date): number {
  if (y.length === 4) return Number(y);
  const current = now.getUTCFullYear();
  const candidate = 2000 + Number(y);
  return candidate <= current ? candidate : candidate - 100;
}

/**
 * Date of birth: a real calendar date in a common format (2001-03-05, 03/05/2001, 5.3.2001,
 * 03/05/01, March 5, 2001, 5th of March 2001, Mar 5 2001), in the years 1900 to `now` and not after
 * `now`. Numeric day/month order is ambiguous, so either reading may be the valid one.
 */
export function isDateOfBirth(value: string, now: Date = new Date()): boolean {
  const text = value.trim().toLowerCase().replace(/,/g, ' ').replace(/\s+/g, ' ');
  const candidates: Array<[number, number, number]> = [];
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  if (m) candidates.push([Number(m[1]), Number(m[2]), Number(m[3])]);
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})$/.exec(text);
  if (m) {
    const y = expandYear(m[3] ?? '', now);
    candidates.push([y, Number(m[1]), Number(m[2])], [y, Number(m[2]), Number(m[1])]);
  }
  m = /^([a-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)? (\d{4})$/.exec(text);
  if (m && MONTHS[m[1] ?? ''] !== undefined) candidates.push([Number(m[3]), MONTHS[m[1] ?? ''] ?? 0, Number(m[2])]);
  m = /^(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]{3,9})\.? (\d{4})$/.exec(text);
  if (m && MONTHS[m[2] ?? ''] !== undefined) candidates.push([Number(m[3]), MONTHS[m[2] ?? ''] ?? 0, Number(m[1])]);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return candidates.some(
    ([y, mo, d]) => y >= 1900 && isCalendarDate(y, mo, d) && Date.UTC(y, mo - 1, d) <= today,
  );
}

/**
 * US ABA routing transit number: 9 digits, a Federal Reserve prefix (00–12, 21–32, 61–72, 80) and
 * the weighted checksum 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10).
 */
export function isAbaRouting(value: string): boolean {
  if (!/^\d{9}$/.test(value) || allSame(value)) return false;
  const prefix = Number(value.slice(0, 2));
  const validPrefix =
    prefix <= 12 || (prefix >= 21 && prefix <= 32) || (prefix >= 61 && prefix <= 72) || prefix === 80;
  if (!validPrefix) return false;
  const d = [...value].map(Number);
  const sum =
    3 * ((d[0] ?? 0) + (d[3] ?? 0) + (d[6] ?? 0)) +
    7 * ((d[1] ?? 0) + (d[4] ?? 0) + (d[7] ?? 0)) +
    ((d[2] ?? 0) + (d[5] ?? 0) + (d[8] ?? 0));
  return sum % 10 === 0;
}

/**
 * US National Provider Identifier: 10 digits starting with 1 or 2 whose Luhn checksum, computed
 * with the card-issuer prefix 80840 in front, is valid.
 */
export function isNpi(value: string): boolean {
  if (!/^[12]\d{9}$/.test(value)) return false;
  return luhnChecksumOk('80840' + value);
}

/** Every validator a signature may name, by its schema name. */
export const VALIDATORS: Readonly<Record<ValidatorName, Validator>> = {
  luhn: isLuhnCardNumber,
  iban: isIban,
  ssn: isSsn,
  ipv4: isIpv4,
  ipv6: isIpv6,
  jwt: isJwt,
  entropy: isHighEntropySecret,
  date_of_birth: (value) => isDateOfBirth(value),
  aba_routing: isAbaRouting,
  npi: isNpi,
};
