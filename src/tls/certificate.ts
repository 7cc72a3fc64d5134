/**
 * A certificate as the listener needs it (PEM chain + private key), what we read from it, and the
 * one-file bundle format storage keeps it in. Pure: no I/O.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';

/** What `Bun.serve({ tls })` takes: the leaf followed by its intermediates, and the private key. */
export interface TlsCertificate {
  readonly cert: string;
  readonly key: string;
}

/** Facts about a certificate, read from its leaf. */
export interface CertificateInfo {
  /** DNS names from subjectAltName, lower-case. */
  readonly names: readonly string[];
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** SHA-256 of the leaf, hex with colons (as openssl prints it): safe to log. */
  readonly fingerprint: string;
  readonly issuer: string;
  readonly serial: string;
}

/** A certificate or key that cannot be used; `message` never contains key material. */
export class CertificateError extends Error {
  override name = 'CertificateError';
}

const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const KEY_BLOCK = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+?-----END [A-Z ]*PRIVATE KEY-----/;

/**
 * Reads the leaf of `pair.cert` and checks that `pair.key` is its private key. Throws
 * `CertificateError` for anything unusable (not PEM, no certificate, key of another certificate).
 */
export function inspectCertificate(pair: TlsCertificate): CertificateInfo {
  const leafPem = pair.cert.match(CERT_BLOCK)?.[0];
  if (!leafPem) throw new CertificateError('no PEM certificate found');
  if (!KEY_BLOCK.test(pair.key)) throw new CertificateError('no PEM private key found');
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(leafPem);
  } catch (err) {
    throw new CertificateError(`the certificate cannot be parsed (${(err as Error).message})`);
  }
  let matches: boolean;
  try {
    matches = leaf.checkPrivateKey(createPrivateKey(pair.key));
  } catch {
    // The key parser's message may quote the input: say only what is wrong.
    throw new CertificateError('the private key cannot be parsed (encrypted keys are not supported)');
  }
  if (!matches) throw new CertificateError('the private key does not belong to the certificate');
  const names = (leaf.subjectAltName ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('DNS:'))
    .map((s) => s.slice(4).toLowerCase());
  return {
    names,
    notBefore: new Date(leaf.validFrom),
    notAfter: new Date(leaf.validTo),
    fingerprint: leaf.fingerprint256,
    issuer: leaf.issuer.replace(/\n/g, ', '),
    serial: leaf.serialNumber,
  };
}

/** Whether the certificate names every domain (exact names; wildcards are never ordered). */
export function coversDomains(info: CertificateInfo, domains: readonly string[]): boolean {
  return domains.every((d) => info.names.includes(d));
}

/** Whether the certificate is inside its validity window at `now`. */
export function isCurrentlyValid(info: CertificateInfo, now: number): boolean {
  return info.notBefore.getTime() <= now && now < info.notAfter.getTime();
}

/** One file holding the chain then the key (the HAProxy layout): written and replaced as one unit. */
export function toBundle(pair: TlsCertificate): string {
  const chain = pair.cert.match(CERT_BLOCK) ?? [];
  const key = pair.key.match(KEY_BLOCK)?.[0] ?? '';
  return `${chain.join('\n')}\n${key}\n`;
}

/** Splits a bundle written by `toBundle`; throws `CertificateError` when a part is missing. */
export function fromBundle(bundle: string): TlsCertificate {
  const chain = bundle.match(CERT_BLOCK);
  const key = bundle.match(KEY_BLOCK)?.[0];
  if (!chain || !key) throw new CertificateError('the stored bundle lacks a certificate or a key');
  return { cert: `${chain.join('\n')}\n`, key: `${key}\n` };
}
