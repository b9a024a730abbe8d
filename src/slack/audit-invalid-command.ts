import type { AccessDeps } from '../requests/access-deps.js';

/** The rule named for a command refused before the policy could read it. */
export const GRAMMAR_RULE = 'the /capture command grammar';

/** A `/capture` command that could not be read is a refusal too: it gets a capture id and an audit line. */
export function auditInvalidCommand(deps: { readonly access: Pick<AccessDeps, 'audit'>; readonly newCaptureId: () => string }, user: string, channel: string, problem: string): void {
  deps.access.audit.record({
    event: 'refused',
    captureId: deps.newCaptureId(),
    who: user,
    requester: user,
    channel,
    rule: GRAMMAR_RULE,
    detail: { reason: problem },
  });
}
