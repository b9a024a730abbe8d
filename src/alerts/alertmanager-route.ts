import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { OpsRoute } from '../ops/ops-routes.js';
import type { Secret } from '../secret.js';
import { alertmanagerPayloadSchema, payloadProblem, type AlertmanagerPayload } from './alertmanager-payload.js';

export const ALERTMANAGER_PATH = '/alertmanager';
/** Alertmanager's notifications are a few KiB; its group limits keep them far below this. */
export const MAX_ALERT_BODY_BYTES = 1024 * 1024;
/** Alertmanager waits for an answer; recording the alerts in Redis gets this long before the answer is 503. */
const RECORD_BUDGET_MS = 800;

export interface AlertReceiver {
  /** Records the alerts (throws when it cannot) and returns the rest of the work, run after the answer. */
  record(payload: AlertmanagerPayload): Promise<readonly (() => Promise<void>)[]>;
}

function answer(res: ServerResponse, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Compared as SHA-256 digests so that the time taken says nothing about the token, not even its length. */
function authorised(header: string | undefined, token: Secret): boolean {
  const presented = /^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(presented), digest(token.reveal()));
}

type Body = { readonly kind: 'body'; readonly text: string } | { readonly kind: 'too-large' } | { readonly kind: 'aborted' };

function readBody(req: IncomingMessage): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ALERT_BODY_BYTES) {
        resolve({ kind: 'too-large' });
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve({ kind: 'body', text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => resolve({ kind: 'aborted' }));
  });
}

function withinBudget<T>(work: Promise<T>): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not recorded within ${RECORD_BUDGET_MS} ms`)), RECORD_BUDGET_MS).unref()),
  ]);
}

/**
 * `POST /alertmanager`: Alertmanager's webhook. Bad input is a 4xx with the
 * reason (a 5xx would make Alertmanager retry it forever); 503 only when the
 * alerts could not be recorded, so that its retry recovers them. The answer
 * comes once the alerts are recorded; resolving targets, the policy and
 * Slack follow after it.
 */
export function alertmanagerRoute(token: Secret, receiver: AlertReceiver, log: Logger): OpsRoute {
  return {
    path: ALERTMANAGER_PATH,
    method: 'POST',
    handler: (req, res) => {
      void (async () => {
        if (!authorised(req.headers.authorization, token)) {
          req.resume();
          return answer(res, 401, { error: 'missing or wrong bearer token' }, { 'www-authenticate': 'Bearer' });
        }
        const declared = Number(req.headers['content-length'] ?? '0');
        if (declared > MAX_ALERT_BODY_BYTES) {
          req.resume();
          return answer(res, 413, { error: `the body is over ${MAX_ALERT_BODY_BYTES} bytes` });
        }
        const body = await readBody(req);
        if (body.kind === 'too-large') return answer(res, 413, { error: `the body is over ${MAX_ALERT_BODY_BYTES} bytes` });
        if (body.kind === 'aborted') return;
        let json: unknown;
        try {
          json = JSON.parse(body.text);
        } catch (error) {
          return answer(res, 400, { error: `malformed JSON: ${(error as Error).message}` });
        }
        const parsed = alertmanagerPayloadSchema.safeParse(json);
        if (!parsed.success) return answer(res, 400, { error: `not an Alertmanager webhook payload: ${payloadProblem(parsed.error)}` });
        const recording = receiver.record(parsed.data);
        try {
          await withinBudget(recording);
          answer(res, 200, { status: 'recorded', alerts: parsed.data.alerts.length });
        } catch (error) {
          log.error({ err: error, alerts: parsed.data.alerts.length }, 'alerts could not be recorded in time; answering 503 so that Alertmanager retries');
          answer(res, 503, { error: 'the alerts could not be recorded (Redis unavailable or slow); retry' });
        }
        // Recorded late is still recorded: its retry then finds the same capture, so the work runs either way.
        const work = await recording.catch(() => []);
        for (const item of work) {
          await item().catch((error: unknown) => log.error({ err: error }, 'alert capture request failed'));
        }
      })().catch((error: unknown) => {
        log.error({ err: error }, 'alertmanager request failed');
        answer(res, 500, { error: 'internal error' });
      });
    },
  };
}
