/**
 * `npm run demo`: one /capture, end to end, on this machine with nothing
 * configured. Slack, the Kubernetes API (with a simulated kubelet) and S3 are
 * the local stand-ins the test suites use; Redis is the one at REDIS_URL.
 * The bot and the worker are the real capturebot, src/main.ts in a child process.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { eventsUrl, INCIDENT_NAMESPACE, INCIDENT_POD, startApp, startWorld, type World } from '../test/support/capturebot-harness.js';
import type { CapturebotProcess } from '../test/support/capturebot-process.js';
import { REDIS_URL } from '../test/support/redis.js';
import { FINAL_STATUS } from '../test/support/run-capture.js';
import type { ChannelMessage } from '../test/support/slack/channel-state.js';
import { ChannelTranscript, plainText } from './demo-transcript.js';
import { approveButton, clickApprove } from './demo-approval.js';

const CHANNEL = 'C0INCIDENT';
const RESPONDER = 'U0RESPONDER';
const APPROVER = 'U0ONCALL';
const COMMAND = `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s`;
const OUTPUT_DIR = resolve(process.cwd(), '.demo');
const TIMEOUT_MS = 60_000;

const say = (line = '') => process.stdout.write(`${line}\n`);

async function redisAnswers(): Promise<boolean> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

const linkIn = (message: ChannelMessage | undefined) =>
  message?.replies.map((r) => /<(https?:[^|>]+)\|([^>]+)>/.exec(r.text)).find((m) => m !== null) ?? undefined;

/** Follows the channel until the capture is over, approving as a second person if a card asks for it. */
async function follow(world: World, app: CapturebotProcess, transcript: ChannelTranscript): Promise<ChannelMessage | undefined> {
  const deadline = Date.now() + TIMEOUT_MS;
  const clicked = new Set<string>();
  while (Date.now() < deadline) {
    const messages = world.slack.channelMessages(CHANNEL);
    transcript.update(messages);
    for (const message of messages) {
      const button = approveButton(message);
      if (!button || clicked.has(message.ts)) continue;
      clicked.add(message.ts);
      say(`[demo] @${APPROVER}, a second (simulated) responder, clicks Approve: four eyes on every capture.`);
      await clickApprove(world, eventsUrl(app), { message, button, channel: CHANNEL, user: APPROVER });
    }
    const status = messages.find((m) => FINAL_STATUS.test(m.text));
    if (status && (linkIn(status) || !status.text.includes('Done'))) {
      transcript.update(world.slack.channelMessages(CHANNEL));
      return status;
    }
    await delay(100);
  }
  return undefined;
}

async function download(url: string, fileName: string): Promise<string> {
  const response = await fetch(url.replace(/&amp;/g, '&'));
  if (!response.ok) throw new Error(`the link answered HTTP ${response.status}`);
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const path = join(OUTPUT_DIR, fileName);
  writeFileSync(path, Buffer.from(await response.arrayBuffer()));
  return path;
}

async function run(): Promise<number> {
  say('capturebot demo: a SIMULATION on this machine.');
  say('Slack, the Kubernetes API (with a simulated kubelet) and S3 are local stand-ins; nothing real is touched.');
  say('The bot and the worker are the real capturebot (src/main.ts), talking to them over the real protocols.');
  say();
  if (!(await redisAnswers())) {
    say(`The demo needs Redis and none answers at ${REDIS_URL}.`);
    say('Start one (redis-server, or: docker run --rm -p 6379:6379 redis:7) or point REDIS_URL at yours.');
    return 1;
  }
  const prefix = `capturebot-demo-${randomUUID().slice(0, 8)}`;
  const world = await startWorld({ prefix, kube: { timeScale: 1000 } });
  let app: CapturebotProcess | undefined;
  try {
    say(`Redis: ${REDIS_URL}, keys under ${prefix}: (removed at the end).`);
    // No policy file: the built-in default, where someone other than the requester approves every capture.
    app = await startApp(world, 'all', { CAPTUREBOT_POLICY: '' });
    say(`capturebot is running (role all, pid ${app.child.pid}) with its default policy: every capture needs a second person's approval.`);
    say('Its logs stay in memory unless something fails.');
    say();
    say(`@${RESPONDER} types in #incident:  /capture ${COMMAND}`);
    const startedAt = Date.now();
    const ack = await world.slack.sendSlashCommand(eventsUrl(app), { text: COMMAND, userId: RESPONDER, channelId: CHANNEL });
    const ackText = (ack.body as { text?: string } | undefined)?.text ?? `HTTP ${ack.status}`;
    say(`[+${((Date.now() - startedAt) / 1000).toFixed(1)}s] only @${RESPONDER} sees: ${plainText(ackText)}`);
    const status = ack.status === 200 ? await follow(world, app, new ChannelTranscript(say, startedAt)) : undefined;
    say();
    const link = linkIn(status);
    if (!status || !link?.[1] || !link[2]) {
      say(status ? 'The capture did not succeed (see the status above).' : ack.status === 200 ? `No result within ${TIMEOUT_MS / 1000}s.` : 'The bot refused the command.');
      say('Last capturebot log lines:');
      for (const line of app.output().split('\n').slice(-15)) say(`    ${line}`);
      return 1;
    }
    const path = await download(link[1], plainText(link[2]));
    say(`Downloaded through the presigned link: ${relative(process.cwd(), path)} (${statSync(path).size} bytes).`);
    say(`Open it in Sysdig Inspect or Stratoshark, or run: sysdig -r ${relative(process.cwd(), path)} -c httplog`);
    say('It was a simulation: the trace is a recorded capture of the incident (test/fixtures/balancer-502.scap), served by the stand-in kubelet.');
    return 0;
  } finally {
    await app?.stop();
    await world.close();
  }
}

process.exit(await run());
