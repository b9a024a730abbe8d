import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { INCIDENT_NAMESPACE, INCIDENT_POD, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { startOwnRedis, type OwnRedis } from '../support/redis-server.js';

const TOKEN = 'am-token-outage-0123456789abcdef';
const POLICY = 'alerts:\n  - name: errors\n    match: { alertname: HighErrorRate }\n    channel: C0INCIDENT\n    approval: none\n';
const PAYLOAD = JSON.stringify({
  version: '4',
  status: 'firing',
  receiver: 'capturebot',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'HighErrorRate', namespace: INCIDENT_NAMESPACE, pod: INCIDENT_POD },
      annotations: {},
      startsAt: '2026-12-03T14:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: '',
      fingerprint: '0f1e2d3c4b5a6978',
    },
  ],
});

async function post(app: CapturebotProcess): Promise<{ status: number; elapsedMs: number }> {
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${app.port}/alertmanager`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: PAYLOAD });
  await response.text();
  return { status: response.status, elapsedMs: performance.now() - started };
}

for (const socketMode of [false, true]) {
  describe(`the Alertmanager endpoint ${socketMode ? 'in Socket Mode' : 'in HTTP mode'}, while Redis is away`, () => {
    let world: World;
    let redis: OwnRedis;
    let app: CapturebotProcess;

    beforeAll(async () => {
      world = await startWorld({ policy: POLICY, socketMode });
      redis = await startOwnRedis();
      app = await startApp(world, 'all', { REDIS_URL: redis.url, ALERTMANAGER_TOKEN: TOKEN });
    }, 60_000);

    afterAll(async () => {
      await app?.stop();
      await redis?.close();
      await world?.close();
    });

    it('answers 503 within a second, so that Alertmanager retries, and its retry captures once Redis is back', async () => {
      await redis.kill();
      const down = await post(app);
      expect(down.status).toBe(503);
      expect(down.elapsedMs).toBeLessThan(1_000);
      expect(world.slack.channelMessages('C0INCIDENT')).toEqual([]);

      await redis.start();
      // Alertmanager retries a 503 and repeats a firing alert; until the workers are back, the bot may
      // record it but find no worker to resolve it, which frees the alert for the next repeat.
      const capturing = () => world.slack.channelMessages('C0INCIDENT').filter((m) => m.history[0]!.text.includes('is capturing'));
      for (let attempt = 0; capturing().length === 0; attempt += 1) {
        if (attempt >= 60) throw new Error('no capture 60 s after Redis came back');
        await post(app);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      await world.slack.waitFor((c) => c.method === 'chat.update' && c.args.channel === 'C0INCIDENT' && String(c.args.text).includes('Done'), { timeoutMs: 30_000 });
      // Alertmanager keeps retrying on its own schedule; the same alert is the same capture.
      expect((await post(app)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(capturing()).toHaveLength(1);
    }, 120_000);
  });
}
