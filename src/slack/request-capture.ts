import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { auditEventOf } from '../capture/audit-event.js';
import type { CaptureSpec } from '../capture/capture-spec.js';
import { captureRequestView } from './capture-request-view.js';
import type { AccessDeps } from './access-deps.js';
import { acceptedText } from './ack-messages.js';
import { policyRefusalText } from './approval-messages.js';
import { decideRequest } from './policy-check.js';
import { requestApproval } from './request-approval.js';
import { startCapture, type StartCaptureDeps } from './start-capture.js';
import { targetText } from './capture-target-text.js';

export interface RequestCaptureDeps extends StartCaptureDeps {
  readonly newCaptureId: () => string;
  readonly now: () => Date;
  readonly access: AccessDeps;
}

/** Who asked, where, and how to answer them. */
export interface CommandContext {
  readonly userId: string;
  readonly channelId: string;
  readonly ack: (response: { response_type: 'ephemeral'; text: string }) => Promise<void>;
  readonly respond: RespondFn;
  readonly client: WebClient;
}

/**
 * Checks the request against the access policy before anything is posted:
 * refused → an ephemeral refusal only; allowed → ack with the capture id,
 * status message, queue; needs approval → ack, then the approval card.
 * Only user groups the policy names are looked up before the ack (cached,
 * and bounded in time).
 */
export async function requestCapture(spec: CaptureSpec, context: CommandContext, deps: RequestCaptureDeps): Promise<void> {
  const request = captureRequestView(spec, {
    captureId: deps.newCaptureId(),
    requestedBy: context.userId,
    channel: context.channelId,
    requestedAt: deps.now().toISOString(),
  });
  const log = deps.log.child({ captureId: request.captureId });
  const decision = await decideRequest(deps.access, spec, { requester: context.userId, channel: context.channelId });
  log.info({ user: request.requestedBy, channel: request.channel, target: `${spec.namespace}/${spec.pod}`, spec, decision: decision.kind, rule: decision.rule }, 'capture requested');
  const audit = deps.access.audit;

  switch (decision.kind) {
    case 'refused':
      await context.ack({ response_type: 'ephemeral', text: policyRefusalText(decision.reason) });
      audit.record(auditEventOf(request, 'requested', { rule: decision.rule }));
      audit.record(auditEventOf(request, 'refused', { rule: decision.rule, detail: { reason: decision.reason } }));
      return;
    case 'allowed':
      await context.ack({ response_type: 'ephemeral', text: acceptedText(request.captureId, targetText(request)) });
      audit.record(auditEventOf(request, 'requested', { rule: decision.rule }));
      await startCapture({ ...request, policyRule: decision.rule }, context.client, deps, (text) =>
        context.respond({ response_type: 'ephemeral', text }).then(() => {}),
      );
      return;
    case 'needs-approval':
      await requestApproval(request, spec, decision, context, deps.access);
      return;
  }
}
