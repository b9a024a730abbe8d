import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captureIdSchema } from '../capture/capture-job.js';
import { APPROVE_ACTION, DENY_ACTION, DENY_VIEW, REASON_BLOCK, REASON_INPUT } from './approval-actions.js';
import { MAX_REASON_LENGTH } from './deny-reason-view.js';
import { decodeApprovalClick, decodeDenySubmission } from './interaction-payloads.js';
import { unknownRequest } from './unknown-requests.js';

const RUNS = 10_000;
const USER = /^[UW][A-Z0-9]{2,}$/;
const CHANNEL = /^[CGD][A-Z0-9]{2,}$/;

const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.constantFrom('', ' ', '01JDQ3V8X6M2T9R4K7C5N1B0FZ', '<!channel>', '$(reboot)', '`id`', '\u0000', '__proto__', 'constructor', '1700000000.000100', 'U0APPROVER', 'C0INCIDENT'),
  fc.string({ unit: 'grapheme', minLength: 5_000, maxLength: 20_000 }),
);
const anyValue = fc.oneof(hostileString, fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.jsonValue({ maxDepth: 3 }));

/** Mostly the right value, sometimes anything at all. */
const mostly = <T>(right: fc.Arbitrary<T>) => fc.oneof({ weight: 5, arbitrary: right }, { weight: 1, arbitrary: anyValue });

/** block_actions payloads shaped like Slack's, with every field free to be wrong. */
const clickPayload = fc.record(
  {
    type: mostly(fc.constant('block_actions')),
    user: mostly(fc.record({ id: mostly(fc.constantFrom('U0APPROVER', 'W0APPROVER')) })),
    trigger_id: mostly(fc.constant('1337.42.abc')),
    channel: mostly(fc.record({ id: mostly(fc.constant('C0INCIDENT')) })),
    container: mostly(fc.record({ message_ts: mostly(fc.constant('1700000000.000100')) })),
    actions: mostly(
      fc.array(
        fc.record({
          action_id: mostly(fc.constantFrom(APPROVE_ACTION, DENY_ACTION, 'capture_fresh_link')),
          value: mostly(
            fc.tuple(fc.constantFrom('01JDQ3V8X6M2T9R4K7C5N1B0FZ', '01jdq3v8x6m2t9r4k7c5n1b0fz', 'not-an-id'), fc.option(hostileString)).map(([id, rest]) => (rest === null ? id : `${id} ${rest}`)),
          ),
        }),
        { minLength: 0, maxLength: 2 },
      ),
    ),
  },
  { requiredKeys: ['type', 'user', 'trigger_id', 'actions'] },
);

/** view_submission payloads of the Deny modal, with every field free to be wrong. */
const denyPayload = fc.record(
  {
    type: mostly(fc.constant('view_submission')),
    user: mostly(fc.record({ id: mostly(fc.constant('U0APPROVER')) })),
    view: fc.record(
      {
        callback_id: fc.oneof(fc.constant(DENY_VIEW), anyValue),
        private_metadata: fc.oneof(
          fc
            .record({ captureId: fc.oneof(fc.constant('01JDQ3V8X6M2T9R4K7C5N1B0FZ'), anyValue), channel: fc.oneof(fc.constant('C0INCIDENT'), anyValue), cardTs: fc.oneof(fc.constant('1700000000.000100'), anyValue) })
            .map((m) => JSON.stringify(m)),
          hostileString,
        ),
        state: fc.oneof(
          fc.record({ values: fc.record({ [REASON_BLOCK]: fc.record({ [REASON_INPUT]: fc.record({ value: fc.oneof(hostileString, fc.constant(null)) }) }) }) }),
          anyValue,
        ),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);

describe('interactive payload decoding on hostile input (fast-check, 10,000 runs each)', () => {
  it('never throws on any JSON, and accepts only a well-formed click on Approve or Deny', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(clickPayload, anyValue), (body) => {
        const decoded = decodeApprovalClick(body);
        if (!decoded.ok) {
          expect(decoded.problem.length).toBeGreaterThan(0);
          expect(decoded.problem.length).toBeLessThan(500);
          return;
        }
        accepted += 1;
        expect(['approve', 'deny']).toContain(decoded.value.action);
        expect(captureIdSchema.safeParse(decoded.value.captureId).success).toBe(true);
        expect(decoded.value.userId).toMatch(USER);
        if (decoded.value.channelId !== undefined) expect(decoded.value.channelId).toMatch(CHANNEL);
      }),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(0);
  });

  it('never throws on any JSON, and accepts only a Deny submission with a bounded reason and a real capture id', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(denyPayload, anyValue), (body) => {
        const decoded = decodeDenySubmission(body);
        if (!decoded.ok) {
          expect(decoded.problem.length).toBeGreaterThan(0);
          return;
        }
        accepted += 1;
        expect(captureIdSchema.safeParse(decoded.value.captureId).success).toBe(true);
        expect(decoded.value.channel).toMatch(CHANNEL);
        expect(decoded.value.userId).toMatch(USER);
        if (decoded.value.reason !== undefined) {
          expect(decoded.value.reason.length).toBeGreaterThan(0);
          expect(decoded.value.reason.length).toBeLessThanOrEqual(MAX_REASON_LENGTH);
          expect(decoded.value.reason).toBe(decoded.value.reason.trim());
        }
      }),
      { numRuns: RUNS },
    );
    expect(accepted).toBeGreaterThan(0);
  });

  it('never throws telling unknown commands, actions and views apart', () => {
    const known = { commands: ['/capture'], actions: [APPROVE_ACTION, DENY_ACTION], views: [DENY_VIEW] };
    fc.assert(
      fc.property(fc.oneof(clickPayload, denyPayload, fc.record({ command: anyValue }), anyValue), (body) => {
        const unknown = unknownRequest(body, known);
        if (unknown) expect(unknown.id.length).toBeLessThanOrEqual(100);
      }),
      { numRuns: RUNS },
    );
  });
});
