import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Secret } from '../secret.js';
import { canonicalJson } from './canonical-json.js';

/**
 * The bot's signature on a job that makes a worker act: an HMAC-SHA256 over
 * the job's canonical JSON (every field: cluster, target, namespace, resolved
 * pods and containers, duration, snaplen, driver, filter, requester, channel, approver),
 * when it was signed (for a gated capture: when it was approved) and the
 * deadline after which the job is void. The key is shared by the bot and the
 * workers and never written to Redis, so whoever can write to Redis cannot
 * make a job a worker runs.
 */
export const jobSignatureSchema = z.object({
  signedAt: z.iso.datetime(),
  deadline: z.iso.datetime(),
  mac: z.string().regex(/^[0-9a-f]{64}$/, 'signature must be 64 hex digits'),
});

export type JobSignature = z.infer<typeof jobSignatureSchema>;

/** What a signature covers, besides the job itself: its kind keeps a relink's signature from passing as a capture's. */
export type SignedKind = 'capture' | 'relink';

function mac(key: Secret, kind: SignedKind, data: object, signedAt: string, deadline: string): Buffer {
  return createHmac('sha256', key.reveal()).update(canonicalJson({ kind, data, signedAt, deadline })).digest();
}

/** The data's signature with the first key, valid from now for validForMs. */
export function signJob(keys: readonly Secret[], kind: SignedKind, data: object, now: Date, validForMs: number): JobSignature {
  const [key] = keys;
  if (!key) throw new Error('no job signing key');
  const signedAt = now.toISOString();
  const deadline = new Date(now.getTime() + validForMs).toISOString();
  return { signedAt, deadline, mac: mac(key, kind, data, signedAt, deadline).toString('hex') };
}

/** authentic: the bot did sign this data (the job is only past its deadline), so its channel and message are the bot's. */
export type SignatureCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly authentic: boolean };

/**
 * Whether any of the keys (the signing key, then those still accepted after a
 * rotation) made this signature over exactly this data, compared in constant
 * time; `checkDeadline: false` for a job resumed after its deadline (its pod
 * was made in time).
 */
export function verifyJob(
  keys: readonly Secret[],
  kind: SignedKind,
  data: object,
  signature: JobSignature | undefined,
  now: Date,
  checkDeadline = true,
): SignatureCheck {
  if (!signature) return { ok: false, reason: 'the job is not signed by the bot', authentic: false };
  const given = Buffer.from(signature.mac, 'hex');
  const matches = keys.some((key) => {
    const expected = mac(key, kind, data, signature.signedAt, signature.deadline);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!matches) return { ok: false, reason: "the job's signature does not match its data (altered, or signed with another key)", authentic: false };
  if (checkDeadline && now.getTime() > Date.parse(signature.deadline)) {
    return { ok: false, reason: `the job expired at ${signature.deadline} before a worker started it`, authentic: true };
  }
  return { ok: true };
}
