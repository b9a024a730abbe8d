import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { capturePodCreates, queuedJobCount, requestCapture, waitForStatus } from '../support/fault-steps.js';
import { fixturePath } from '../support/fixtures.js';
import type { WirePod } from '../support/kube/index.js';

const USER = 'U0RESPONDER';
const WIDENING = 'proc.name=haproxy) or (evt.type=write';
const WITH_OR = 'proc.name=nginx or fd.sport=80';

/** The capture container's sysdig argv, as the API server stored it. */
function sysdigArgv(pod: WirePod): string[] {
  const capture = pod.spec?.initContainers?.[0];
  return [...(capture?.command ?? []), ...(capture?.args ?? [])];
}

describe('when a responder gives a filter that would close the capture scope', () => {
  let world: World;
  let app: CapturebotProcess;
  const createdPods: WirePod[] = [];

  beforeAll(async () => {
    world = await startWorld();
    world.kube.addWorkload({ kind: 'Deployment', namespace: INCIDENT_NAMESPACE, name: 'ticket-balancer', matchLabels: { app: 'ticket-balancer' }, replicas: 1 });
    world.kube.setScenario((pod) => {
      createdPods.push(structuredClone(pod));
      return { kind: 'trace', traceFile: fixturePath('balancer-502.scap') };
    });
    app = await startApp(world);
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it.each([
    ['a pod', `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s -- ${WIDENING}`],
    ['a deployment', `deploy/ticket-balancer -n ${INCIDENT_NAMESPACE} 5s -- ${WIDENING}`],
    ['a deployment, the filter in quotes', `deploy/ticket-balancer -n ${INCIDENT_NAMESPACE} 5s -- "${WIDENING}"`],
  ])('refuses it for %s, naming the parenthesis and where it is', async (_what, text) => {
    const result = await world.slack.sendSlashCommand(eventsUrl(app), { text, userId: USER, channelId: 'C0WIDENING' });
    expect(result.status).toBe(200);
    const body = result.body as { response_type: string; text: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text.split('\n')[0]).toBe(
      `:warning: The filter \`${WIDENING}\` is refused: the \`)\` at character 18 closes a parenthesis that was never opened. ` +
        'Quotes must close and parentheses pair up, so that a filter only narrows what is captured. Nothing was started.',
    );
  });

  // The position counts what was typed (`<`), the message escapes it for Slack (`&lt;`).
  it('refuses an unclosed quote the same way, escaping the filter for Slack', async () => {
    const result = await world.slack.sendSlashCommand(eventsUrl(app), {
      text: `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s -- fd.port&lt;1024 and proc.name="nginx`,
      userId: USER,
      channelId: 'C0WIDENING',
    });
    expect((result.body as { text: string }).text.split('\n')[0]).toBe(
      ':warning: The filter `fd.port&lt;1024 and proc.name="nginx` is refused: the `"` at character 28 is never closed. ' +
        'Quotes must close and parentheses pair up, so that a filter only narrows what is captured. Nothing was started.',
    );
  });

  it('queued nothing, posted nothing in the channel and never asked for a capture pod', async () => {
    expect(world.slack.calls('chat.postMessage').filter((call) => call.args.channel === 'C0WIDENING')).toEqual([]);
    expect(await queuedJobCount(world)).toBe(0);
    expect(capturePodCreates(world)).toBe(0);
    expect(app.logs.filter((line) => line.msg === 'capture command refused')).toHaveLength(4);
  });

  it('runs a sound filter with `or` inside, as one sysdig argument wrapped in the scope', async () => {
    await requestCapture(world, app, `deploy/ticket-balancer -n ${INCIDENT_NAMESPACE} 5s -- ${WITH_OR}`, 'C0SCOPED');
    await waitForStatus(world, 'C0SCOPED', /Done: /, 30_000);
    expect(createdPods).toHaveLength(1);
    const argv = sysdigArgv(createdPods[0]!);
    expect(argv.slice(-2)).toEqual(["--", `(container.id in (5255305a76e4)) and (${WITH_OR})`]);
  });

  it('runs it for a single pod as one sysdig argument too', async () => {
    await requestCapture(world, app, `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s -- ${WITH_OR}`, 'C0ONEPOD');
    await waitForStatus(world, 'C0ONEPOD', /Done: /, 30_000);
    expect(createdPods).toHaveLength(2);
    const argv = sysdigArgv(createdPods[1]!);
    expect(argv.indexOf('--')).toBe(argv.length - 2);
    expect(argv.at(-1)).toContain(WITH_OR);
  });
});
