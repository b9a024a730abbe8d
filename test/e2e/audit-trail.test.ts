import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { auditLines } from '../support/approvals.js';

const CHANNEL = 'C0AUDITED';
const AUDIT = 'C0AUDIT';
const USER = 'U0RESPONDER';

describe('when AUDIT_CHANNEL is set and captures are refused or fail', () => {
  let world: World;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld();
    app = await startApp(world, 'all', { AUDIT_CHANNEL: AUDIT });
    await world.slack.sendSlashCommand(eventsUrl(app), { text: 'nginx -w /tmp/x.scap', userId: USER, channelId: CHANNEL });
    await world.slack.sendSlashCommand(eventsUrl(app), { text: 'ghost-pod-0 -n ticket-generator 5s', userId: USER, channelId: CHANNEL });
    await app.waitForLog((l) => l.audit === 'refused' && (l.target as { pod?: string } | undefined)?.pod === 'ghost-pod-0', 20_000);
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('audits a command that could not be read as a refusal by the grammar', () => {
    const [refused] = auditLines(app);
    expect(refused).toMatchObject({ audit: 'refused', who: USER, requester: USER, channel: CHANNEL, rule: 'the /capture command grammar' });
    expect(String(refused!.reason)).toContain('-w');
    expect(refused!.captureId).toMatch(/^[0-9A-Z]{26}$/);
  });

  it('audits a request for a pod that was never found as refused, with the reason, and no start', () => {
    const ghost = auditLines(app).filter((l) => (l.target as { pod?: string } | undefined)?.pod === 'ghost-pod-0');
    expect(ghost.map((l) => l.audit)).toEqual(['requested', 'refused']);
    expect(ghost[1]).toMatchObject({ rule: 'the policy defaults', reason: 'target not resolved: not-found' });
  });

  it('posts each of those events to AUDIT_CHANNEL as one line', async () => {
    await expect.poll(() => world.slack.channelMessages(AUDIT).length, { timeout: 5_000 }).toBe(3);
    const lines = world.slack.channelMessages(AUDIT).map((m) => m.text);
    expect(lines[0]).toMatch(/refused for <@U0RESPONDER>: .*-w.* · an unreadable command · asked in <#C0AUDITED> · rule: the \/capture command grammar/);
    expect(lines.some((l) => l.includes('target not resolved: not-found'))).toBe(true);
  });
});
