import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { APPROVE, captureJobs, clickButton, waitForCard } from '../support/approvals.js';
import { REPO_ROOT } from '../support/repo-root.js';

/** The policy exactly as deploy/base ships it in its ConfigMap. */
const SHIPPED = (parse(readFileSync(join(REPO_ROOT, 'deploy/base/policy.yaml'), 'utf8')) as { data: Record<string, string> }).data['policy.yaml']!;

const CHANNEL = 'C0FIRSTDAY';
const REQUESTER = 'U0NEWSRE';
const COLLEAGUE = 'U0COLLEAGUE';

describe('with the policy as shipped, unedited', () => {
  let world: World;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld({ policy: SHIPPED });
    app = await startApp(world, 'all');
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('lets a first capture through once a colleague approves it', async () => {
    const ack = await world.slack.sendSlashCommand(eventsUrl(app), { text: `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`, userId: REQUESTER, channelId: CHANNEL });
    expect(await world.slack.readFirst(ack)).toContain('needs an approval');
    const card = await waitForCard(world, CHANNEL);
    await clickButton(world, app, card, COLLEAGUE, APPROVE);
    await world.slack.waitFor((c) => c.method === 'chat.postMessage' && Boolean(c.args.thread_ts) && c.args.channel === CHANNEL, { timeoutMs: 20_000 });
    const jobs = await captureJobs(world.prefix);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.data).toMatchObject({ approvedBy: COLLEAGUE, policyRule: 'the policy defaults' });
  }, 30_000);

  it('logs no unknown Slack id at start-up: it names none', () => {
    expect(app.logs.some((l) => l.msg.startsWith('configuration error'))).toBe(false);
  });

  it('answers /capture policy with the rule a new user gets', async () => {
    const ack = await world.slack.sendSlashCommand(eventsUrl(app), { text: `policy -n ${INCIDENT_NAMESPACE}`, userId: REQUESTER, channelId: CHANNEL });
    const text = await world.slack.readFirst(ack);
    expect(text).toContain('the policy defaults');
    expect(text).toContain('Approval: one, from anyone but the requester.');
    expect(text).toContain('a capture waits for one approval from anyone but you');
  });
});
