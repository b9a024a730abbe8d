import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';

const POLICY = `
defaults:
  approval: none
rules:
  - namespaces: ["ticket-*"]
    requesters: ["S0SRE"]
    approval: none
`;

describe('when Slack is slow to answer the policy group lookup', () => {
  let world: World;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld({ policy: POLICY });
    world.slack.setUserGroup('S0SRE', ['U0SRE']);
    // Slow for the start-up check of the policy's ids (which would otherwise cache the group) and for the request.
    world.slack.failNext('usergroups.users.list', { delayMs: 2_500, times: 2 });
    app = await startApp(world, 'all');
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('acks at once, posts a holding line, then gives the real answer through response_url', async () => {
    const result = await world.slack.sendSlashCommand(eventsUrl(app), {
      text: `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`,
      userId: 'U0SRE',
      channelId: 'C0SLOW',
    });
    expect(result.status).toBe(200);
    expect(result.elapsedMs).toBeLessThan(3_000);
    expect(result.body).toBe('');
    const [holding, later] = await world.slack.waitForResponses(result.responseUrl, { count: 2, timeoutMs: 10_000 });
    expect(String(holding?.body.text)).toContain('Checking your request');
    const text = String(later?.body.text);
    expect(text).toContain("Couldn't check with Slack whether you are in <!subteam^S0SRE>");
    expect(text.match(/Nothing was started/g)).toHaveLength(1);
    expect(world.slack.calls('chat.postMessage')).toEqual([]);
  });
});
