import { pausedCaptureQueue } from '../../test/support/fault-steps.js';
import { INCIDENT_NAMESPACE, INCIDENT_POD } from '../../test/support/capturebot-harness.js';
import type { CapturebotProcess } from '../../test/support/capturebot-process.js';
import type { BenchPlan } from '../bench-plan.js';
import { eventsUrl, startBenchWorld, type BenchWorld } from '../bench-world.js';
import type { CapturebotLauncher } from '../capturebot-launcher.js';
import { startPrivateRedis } from '../private-redis.js';
import type { FigureResult, Measure } from '../results.js';
import { inPool, isStage, sendCapture, type SentCommand } from '../slack-capture.js';
import { percentile, plural, spread } from '../stats.js';

/** Issue 15: p99 ≤ 50 ms at 20 in flight and ≤ 100 ms at 50, Redis up or down. */
const ackTargetMs = (inFlight: number): number => (inFlight <= 20 ? 50 : 100);
const TOLD_TARGET_MS = 5_000;

interface Round {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Request → the answer through response_url (capture id, or why nothing was started): what the requester waits for. */
  readonly answerP50: number;
  readonly answerP99: number;
  /** Requests not answered 200 with a capture id. */
  readonly refused: number;
  /** Redis stopped: the slowest "nothing was started", and how many never heard. */
  readonly toldMaxMs?: number;
  readonly untold?: number;
}

async function fire(bench: BenchWorld, bot: CapturebotProcess, inFlight: number, count: number, round: string): Promise<SentCommand[]> {
  const url = eventsUrl(bot);
  const indexes = Array.from({ length: count }, (_, i) => i);
  return inPool(indexes, inFlight, (i) =>
    sendCapture(bench.world.slack, url, {
      text: `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 30s`,
      userId: `U0BENCH${String(i).padStart(4, '0')}`,
      channelId: `C0ACK${round}`,
    }),
  );
}

/** The answer said nothing was started (the request limit and the target are checked in Redis, so with Redis down it says so at once). */
const toldInAnswer = (s: SentCommand): boolean => s.status === 200 && /nothing was started/i.test(s.text);

function summarise(sent: readonly SentCommand[], redisDown = false): Round {
  const ms = sent.map((s) => s.ackMs);
  const answerMs = sent.map((s) => s.answerMs);
  return {
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
    max: Math.max(...ms),
    answerP50: percentile(answerMs, 50),
    answerP99: percentile(answerMs, 99),
    refused: sent.filter((s) => s.status !== 200 || (!s.captureId && !(redisDown && toldInAnswer(s)))).length,
  };
}

/** Waits until every accepted request's status message says nothing was started (or 2× the target passed). */
async function told(bench: BenchWorld, sent: readonly SentCommand[]): Promise<{ toldMaxMs: number; untold: number }> {
  const deadline = Date.now() + 2 * TOLD_TARGET_MS;
  const pending = new Map(sent.filter((s) => s.captureId).map((s) => [s.captureId!, s.sentAt]));
  let toldMaxMs = Math.max(0, ...sent.filter(toldInAnswer).map((s) => s.answerMs));
  let scanned = 0;
  while (pending.size > 0 && Date.now() < deadline) {
    const calls = bench.world.slack.calls('chat.update');
    for (const call of calls.slice(scanned)) {
      if (!isStage(call, 'notStarted')) continue;
      const id = /capture ([0-9A-HJKMNP-TV-Z]{26})/.exec(JSON.stringify(call.args.blocks))?.[1];
      const sentAt = id ? pending.get(id) : undefined;
      if (!id || sentAt === undefined) continue;
      toldMaxMs = Math.max(toldMaxMs, call.at - sentAt);
      pending.delete(id);
    }
    scanned = calls.length;
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 50));
  }
  return { toldMaxMs, untold: pending.size };
}

async function readyz(bot: CapturebotProcess): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${bot.port}/readyz`).catch(() => undefined);
  return response?.status === 200;
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench: ${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function measures(label: string, inFlight: number, rounds: readonly Round[]): Measure[] {
  const p99 = spread(rounds.map((r) => r.p99));
  const ACK_TARGET_MS = ackTargetMs(inFlight);
  return [
    { name: `ack p50, ${label}`, unit: 'ms', spread: spread(rounds.map((r) => r.p50)) },
    { name: `ack p99, ${label}`, unit: 'ms', spread: p99, target: { text: `≤ ${ACK_TARGET_MS} ms`, judged: 'median of rounds', met: p99.median <= ACK_TARGET_MS && rounds.every((r) => r.refused === 0) } },
    { name: `answer p50, ${label}`, unit: 'ms', spread: spread(rounds.map((r) => r.answerP50)) },
    { name: `answer p99, ${label}`, unit: 'ms', spread: spread(rounds.map((r) => r.answerP99)) },
  ];
}

/** Figure 1: how fast the bot answers Slack, with Redis up and with Redis stopped. */
export async function ackLatency(launcher: CapturebotLauncher, workDir: string, plan: BenchPlan['ack']): Promise<FigureResult> {
  const bench = await startBenchWorld(launcher, workDir);
  const up = new Map<number, Round[]>(plan.inFlight.map((n) => [n, []]));
  const most = Math.max(...plan.inFlight);
  const down: Round[] = [];
  // A redis-server of its own, so that stopping it leaves the shared one (and everyone else's tests) alone.
  const redis = await startPrivateRedis();
  try {
    // A worker resolves each target; the capture queue stays paused, so this measures the bot's answer, not captures.
    await (await pausedCaptureQueue(bench.world, redis.url)).close();
    await bench.start('worker', { REDIS_URL: redis.url });
    const bot = await bench.start('bot', { REDIS_URL: redis.url });
    await until(() => readyz(bot), 10_000, 'the bot did not reach Redis');
    if (plan.warmup > 0) await fire(bench, bot, most, plan.warmup, 'WARM');
    // Round by round over the levels, so that a machine getting busier shifts every level alike.
    for (let r = 0; r < plan.rounds; r++) {
      for (const inFlight of plan.inFlight) up.get(inFlight)!.push(summarise(await fire(bench, bot, inFlight, plan.commands, `UP${inFlight}R${r}`)));
    }
    await redis.stop();
    await until(async () => !(await readyz(bot)), 10_000, 'the bot did not notice Redis stopping');
    for (let r = 0; r < plan.redisDownRounds; r++) {
      const sent = await fire(bench, bot, most, plan.commands, `DOWN${r}`);
      down.push({ ...summarise(sent, true), ...(await told(bench, sent)) });
    }
  } finally {
    await redis.stop();
    await bench.close();
  }
  const toldMax = spread(down.map((r) => r.toldMaxMs ?? Number.NaN));
  const untold = down.reduce((n, r) => n + (r.untold ?? 0), 0);
  const refused = [...[...up.values()].flat(), ...down].reduce((n, r) => n + r.refused, 0);
  return {
    id: 'ack-latency',
    title: 'Ack latency',
    inputs: [
      `${plan.commands} signed /capture commands per round, ${plan.inFlight.join(' and ')} in flight, over HTTP to one bot process (role bot) on a redis-server of the benchmark's own`,
      `${plural(plan.rounds, 'round')} per level with Redis up, then, at ${most} in flight, ${plan.redisDownRounds} after stopping that redis-server (once the bot's /readyz reports it); ${plural(plan.warmup, 'warm-up command')} first, not counted`,
      'ack: request sent → HTTP response read (empty: every check runs after it); answer: request sent → the answer posted to its response_url, past any holding line; both measured by the Slack stand-in in the benchmark process',
    ],
    measures: [
      ...plan.inFlight.flatMap((inFlight) => measures(`Redis up, ${inFlight} in flight`, inFlight, up.get(inFlight)!)),
      ...measures(`Redis stopped, ${most} in flight`, most, down),
      {
        name: 'Redis stopped: slowest "nothing was started" (request → status message update)',
        unit: 'ms',
        spread: toldMax,
        target: { text: `every requester ≤ ${TOLD_TARGET_MS} ms`, judged: 'slowest of all rounds', met: untold === 0 && toldMax.max <= TOLD_TARGET_MS },
      },
    ],
    notes: [
      ...(refused > 0 ? [`${refused} requests were not answered with a capture id (counted at their full wait)`] : []),
      ...(untold > 0 ? [`${untold} requesters were never told that nothing was started`] : []),
    ],
    runs: { redisUp: [...up.values()].flat(), redisUpByInFlight: Object.fromEntries(up), redisStopped: down },
  };
}
