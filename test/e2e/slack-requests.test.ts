import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type CapturebotProcess } from '../support/capturebot-process.js';
import { APP_TOKEN, INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { queuedJobCount } from '../support/fault-steps.js';

const CHANNEL = 'C0REQUESTS';
const USER = 'U0RESPONDER';

// [command text, a word the refusal must name]
const INVALID: readonly (readonly [string, string])[] = [
  ['nginx -w /tmp/x.scap', '-w'],
  ['nginx -r trace.scap', '-r'],
  ['nginx --chisel topconns', '--chisel'],
  ['nginx -A', '-A'],
  ['nginx -X', '-X'],
  ['nginx -p %evt.num', '-p'],
  ['nginx -k https://k8s', '-k'],
  ['nginx -z', '-z'],
  ['nginx -e 1000', '-e'],
  ['nginx --unbuffered', '--unbuffered'],
  ['nginx -n', '-n'],
  ['nginx -n Bad_Namespace', 'Bad_Namespace'],
  ['Nginx-Pod', 'Nginx-Pod'],
  ['nginx; rm -rf /', 'nginx;'],
  ['$(reboot)', '$(reboot)'],
  ['`id`', '`id`'],
  ['nginx | sh', '|'],
  ['nginx && curl evil', '&&'],
  ['nginx 0s', '0s'],
  ['nginx 301s', '301s'],
  ['nginx 10m', '10m'],
  ['nginx 30x', '30x'],
  ['nginx -M', '-M'],
  ['nginx -M 1m', '1m'],
  ['nginx -s 0', '0'],
  ['nginx -s 5000', '5000'],
  ['nginx --snaplen lots', 'lots'],
  ['nginx --driver dtrace', 'dtrace'],
  ['nginx --ebpf --driver kmod', '--driver'],
  ['nginx --', '--'],
  ['nginx -- -w /tmp/x', '-w'],
  ['nginx -- proc.name=haproxy) or (evt.type=write', 'the `)` at character 18 closes a parenthesis that was never opened'],
  ['nginx -- proc.name="nginx', 'the `"` at character 11 is never closed'],
  ['nginx 30s 40s', '40s'],
  ['nginx other-pod', 'other-pod'],
  ['<@U0SOMEONE>', '@U0SOMEONE'],
  ['nginx -n default -n kube-system', '-n'],
];

describe('when Slack requests reach the bot', () => {
  let world: World;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld();
    app = await startApp(world, 'all');
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('refuses a bad signature with 401 and does nothing', async () => {
    const result = await world.slack.sendSlashCommand(
      eventsUrl(app),
      { text: `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE}`, userId: USER, channelId: CHANNEL, forgeSignature: true },
    );
    expect(result.status).toBe(401);
    expect(world.slack.calls('chat.postMessage')).toEqual([]);
    expect(await queuedJobCount(world)).toBe(0);
  });

  it('refuses a correctly signed request older than five minutes with 401', async () => {
    const result = await world.slack.sendSlashCommand(
      eventsUrl(app),
      { text: `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE}`, userId: USER, channelId: CHANNEL, timestamp: Math.floor(Date.now() / 1000) - 6 * 60 },
    );
    expect(result.status).toBe(401);
    expect(world.slack.calls('chat.postMessage')).toEqual([]);
  });

  it.each(INVALID)('answers "/capture %s" with a short ephemeral error naming %s and pointing to the help', async (text, offending) => {
    const result = await world.slack.sendSlashCommand(eventsUrl(app), { text, userId: USER, channelId: CHANNEL });
    expect(result.status).toBe(200);
    const body = result.body as { response_type: string; text: string };
    expect(body.response_type).toBe('ephemeral');
    const [problem] = body.text.split('\n');
    // As Slack shows it: mrkdwn escapes decoded.
    expect(problem?.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')).toContain(offending);
    expect(body.text).toContain('Nothing was started');
    expect(body.text).toContain('`/capture help` lists every form.');
    expect(body.text).not.toContain('Usage:');
    expect(body.text.split('\n').length).toBeLessThanOrEqual(2);
  });

  it('answers a duration over the limit with the corrected command, in two lines', async () => {
    const result = await world.slack.sendSlashCommand(eventsUrl(app), { text: 'ticket-balancer -n ticket-generator 10m', userId: USER, channelId: CHANNEL });
    expect((result.body as { text: string }).text).toBe(
      ':warning: The duration `10m` is longer than the limit of 5m. Nothing was started.\n' +
        'Try `/capture ticket-balancer -n ticket-generator 5m` · `/capture help` lists every form.',
    );
  });

  it('queued nothing and posted nothing for any refused command', async () => {
    expect(world.slack.calls('chat.postMessage')).toEqual([]);
    expect(await queuedJobCount(world)).toBe(0);
  });

  const ask = async (text: string): Promise<{ response_type: string; text: string }> =>
    (await world.slack.sendSlashCommand(eventsUrl(app), { text, userId: USER, channelId: CHANNEL })).body as { response_type: string; text: string };

  it('answers /capture help with one screen that leads with the design card line, ephemerally', async () => {
    const body = await ask('help');
    expect(body.response_type).toBe('ephemeral');
    expect(body.text.split('\n')[0]).toMatch(/^`\/capture ticket-balancer -n ticket-generator 30s`/);
    expect(body.text.split('\n').length).toBeLessThanOrEqual(15);
    expect(body.text).toContain('`/capture help filters`');
  });

  it('answers /capture help filters, targets and policy with their own topic', async () => {
    expect((await ask('help filters')).text).toContain('--snaplen');
    expect((await ask('help targets')).text).toContain('node/NAME');
    expect((await ask('help policy')).text).toContain('/capture policy');
  });

  it('answers an unknown help topic with one line listing the topics', async () => {
    const body = await ask('help flters');
    expect(body.text).toBe(':grey_question: `flters` is not a help topic: the topics are `/capture help targets`, `/capture help filters`, `/capture help policy`, and `/capture help` itself.');
  });

  it('decodes Slack formatting before parsing (smart quotes and &amp; in the filter)', async () => {
    const result = await world.slack.sendSlashCommand(eventsUrl(app), {
      text: `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s -- “fd.port=80 &amp;&amp; evt.type=read”`,
      userId: USER,
      channelId: `${CHANNEL}F`,
    });
    expect(await world.slack.readFirst(result)).toContain('accepted');
    const posted = await world.slack.waitFor('chat.postMessage');
    expect(String(posted.args.text)).toContain('filter `fd.port=80 &amp;&amp; evt.type=read`');
  });
});

describe('when Redis is down as a command arrives', () => {
  let world: World;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld();
    app = await startApp(world, 'all', { REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('still acks at once, says nothing was started, and posts nothing in the channel', async () => {
    const result = await world.slack.sendSlashCommand(eventsUrl(app), {
      text: `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`,
      userId: USER,
      channelId: CHANNEL,
    });
    expect(result.status).toBe(200);
    // The request limit is checked in Redis first, after the ack: with Redis down it refuses rather than let the request through uncounted.
    expect(result.body).toBe('');
    expect((await world.slack.firstAnswer(result)).text).toContain('could not check the request limit; nothing was started');
    expect(world.slack.channelMessages(CHANNEL)).toEqual([]);
    expect(app.child.exitCode).toBeNull();
  });

  it('tells each requester of a burst since when Redis has not answered, and logs the outage once, without a stack per request', async () => {
    const answers = await Promise.all(
      ['U0BURST1', 'U0BURST2', 'U0BURST3', 'U0BURST4'].map(async (userId) => {
        const result = await world.slack.sendSlashCommand(eventsUrl(app), { text: `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`, userId, channelId: `${CHANNEL}B` });
        return (await world.slack.firstAnswer(result)).text;
      }),
    );
    for (const text of answers) {
      expect(text).toContain('could not check the request limit; nothing was started');
      expect(text).toMatch(/The queue \(Redis\) has not answered since \d{4}-\d\d-\d\d \d\d:\d\d UTC: try again in a few minutes\./);
    }
    expect(app.logs.filter((line) => line.msg.startsWith('Redis is not answering'))).toHaveLength(1);
    expect(app.logs.filter((line) => line.msg.includes('request limit could not be checked'))).toEqual([]);
    expect(world.slack.channelMessages(`${CHANNEL}B`)).toEqual([]);
  });
});

describe('when the bot runs in Socket Mode', () => {
  let world: World;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld({ socketMode: true });
    app = await startApp(world, 'all');
    await world.slack.waitForSocket();
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('takes /capture over the socket, acks it, answers with the capture id and posts the status message', async () => {
    expect(world.env.SLACK_APP_TOKEN).toBe(APP_TOKEN);
    const result = await world.slack.socketSlashCommand({ text: `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`, userId: USER, channelId: CHANNEL });
    expect(result.payload ?? {}).toEqual({});
    expect((await world.slack.firstAnswer(result)).text).toMatch(/Capture `[0-9A-Z]{26}` accepted/);
    const posted = await world.slack.waitFor('chat.postMessage');
    expect(String(posted.args.text)).toContain(INCIDENT_POD);
  });

  it('serves /healthz on PORT in Socket Mode too', async () => {
    const response = await fetch(`http://127.0.0.1:${app.port}/healthz`);
    expect(response.status).toBe(200);
  });
});
