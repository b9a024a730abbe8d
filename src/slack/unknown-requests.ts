import type bolt from '@slack/bolt';
import type { Logger } from 'pino';

/** The commands, action ids and view callback ids capturebot has handlers for. */
export interface KnownRequests {
  readonly commands: readonly string[];
  readonly actions: readonly string[];
  readonly views: readonly string[];
}

/** Any value as text for a log line; some objects (no prototype, cycles, bigints) refuse the usual ways. */
function printable(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return '(unprintable)';
  }
}

/** What an incoming request asks for that nothing handles; undefined when it is handled (or not ours to judge). */
export function unknownRequest(body: unknown, known: KnownRequests): { readonly kind: string; readonly id: string } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as { command?: unknown; type?: unknown; actions?: unknown; view?: { callback_id?: unknown } };
  const clip = (v: unknown) => printable(v).slice(0, 100);
  if (typeof b.command === 'string') return known.commands.includes(b.command) ? undefined : { kind: 'slash command', id: clip(b.command) };
  if (b.type === 'block_actions' && Array.isArray(b.actions)) {
    const ids = b.actions.map((a) => (a as { action_id?: unknown } | null)?.action_id);
    const strange = ids.find((id) => typeof id !== 'string' || !known.actions.includes(id));
    return strange === undefined && ids.length > 0 ? undefined : { kind: 'action', id: clip(strange ?? '(none)') };
  }
  if (b.type === 'view_submission' || b.type === 'view_closed') {
    const id = b.view?.callback_id;
    return typeof id === 'string' && known.views.includes(id) ? undefined : { kind: 'view', id: clip(id) };
  }
  return undefined;
}

/**
 * Acks and drops, with one log line, any slash command, button or view
 * nothing here handles, before any listener runs: Slack gets its answer, and
 * nothing unexpected reaches the handlers. Register before the handlers.
 */
export function ignoreUnknownRequests(app: bolt.App, known: KnownRequests, log: Logger): void {
  app.use(async (args) => {
    const unknown = unknownRequest(args.body, known);
    if (!unknown) {
      await args.next();
      return;
    }
    const user = (args.body as { user_id?: unknown; user?: { id?: unknown } }).user_id ?? (args.body as { user?: { id?: unknown } }).user?.id;
    log.info({ kind: unknown.kind, id: unknown.id, user: typeof user === 'string' ? user : undefined }, 'ignored a request capturebot has no handler for');
    const ack = (args as { ack?: () => Promise<void> }).ack;
    if (ack) await ack();
  });
}
