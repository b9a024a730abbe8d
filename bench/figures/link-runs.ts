import { setTimeout as sleep } from 'node:timers/promises';
import { capturePodName } from '../../src/capture/names.js';
import { CAPTURE_NAMESPACE, INCIDENT_NAMESPACE, INCIDENT_POD } from '../../test/support/capturebot-harness.js';
import type { CapturebotProcess } from '../../test/support/capturebot-process.js';
import type { BenchPlan } from '../bench-plan.js';
import { eventsUrl, startBenchWorld, type BenchWorld } from '../bench-world.js';
import type { CapturebotLauncher } from '../capturebot-launcher.js';
import { runProbe } from '../probe/run-probe.js';
import { placeForRawRead } from '../raw-reader-pod.js';
import { RssSampler } from '../rss-sampler.js';
import { carriesLink, isStage, sendCapture, waitForCapture, waitForEnd } from '../slack-capture.js';
import { median } from '../stats.js';
import { MiB, traceFile } from '../trace-files.js';

/** One measured capture of one trace size, by a fresh worker process. */
export interface LinkRun {
  readonly sizeMiB: number;
  /** The kubelet marks the capture finished → the first Slack call carrying the link. */
  readonly timeToLinkMs: number;
  /** The worker's transfer: its 'uploading' status update → its 'trace uploaded' log line. */
  readonly transferMs: number;
  /** The same bytes through the raw baseline (plain exec → plain Upload), measured just before; and how much its RSS grew. */
  readonly rawMs: number;
  readonly rawGrowthKb: number;
  /** Worker RSS right after start, after a warm-up capture (idle), and at its peak while streaming. */
  readonly startRssKb: number;
  readonly idleRssKb: number;
  readonly peakRssKb: number;
}

const WARMUP_MIB = 1;

async function send(bench: BenchWorld, bot: CapturebotProcess, channel: string): Promise<string> {
  const sent = await sendCapture(bench.world.slack, eventsUrl(bot), { text: `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s`, userId: 'U0BENCH', channelId: channel });
  if (!sent.captureId) throw new Error(`bench: the bot did not accept the capture: ${sent.status} ${sent.text}`);
  return sent.captureId;
}

async function measuredCapture(bench: BenchWorld, bot: CapturebotProcess, worker: CapturebotProcess, sampler: RssSampler, sizeMiB: number, file: string, channel: string) {
  const { slack, kube } = bench.world;
  kube.setScenario(() => ({ kind: 'trace', traceFile: file, finish: 'manual' }));
  const captureId = await send(bench, bot, channel);
  await waitForCapture(slack, captureId, (c) => isStage(c, 'capturing'), 15_000);
  const finishedAt = Date.now();
  kube.finishCapture(capturePodName(captureId), CAPTURE_NAMESPACE);
  // Generous: a GiB through the stand-ins on a busy machine.
  const linkTimeoutMs = 60_000 + sizeMiB * 200;
  const link = await waitForCapture(slack, captureId, carriesLink, linkTimeoutMs);
  const peakRssKb = Math.max(...sampler.between(finishedAt, link.at));
  const uploading = await waitForCapture(slack, captureId, (c) => isStage(c, 'uploading'), 1_000);
  const uploaded = await worker.waitForLog((l) => l.msg === 'trace uploaded' && l.captureId === captureId, 5_000);
  await waitForEnd(slack, captureId, 30_000);
  return { timeToLinkMs: link.at - finishedAt, transferMs: Number(uploaded.time) - uploading.at, peakRssKb };
}

/**
 * Figures 2, 3 and 4 share these runs: per size and run, the raw baseline reads the trace once,
 * then a fresh worker makes a warm-up capture, idles, and streams the measured capture.
 */
export async function linkRuns(launcher: CapturebotLauncher, workDir: string, plan: BenchPlan['link'], idle: BenchPlan['idle'], log: (line: string) => void): Promise<LinkRun[]> {
  const bench = await startBenchWorld(launcher, workDir);
  const runs: LinkRun[] = [];
  try {
    const bot = await bench.start('bot');
    const warmupFile = await traceFile(workDir, WARMUP_MIB);
    for (const sizeMiB of plan.sizesMiB) {
      const file = await traceFile(workDir, sizeMiB);
      const rawTarget = await placeForRawRead(bench.world, file);
      for (let run = 0; run < plan.runs; run++) {
        const [raw] = await runProbe('raw', bench.world, { runs: 1, warmup: false, bytes: sizeMiB * MiB, raw: rawTarget });
        const worker = await bench.start('worker');
        const sampler = new RssSampler(worker.child.pid!);
        try {
          const startRssKb = sampler.samples[0]?.kb ?? Number.NaN;
          bench.world.kube.setScenario(() => ({ kind: 'trace', traceFile: warmupFile }));
          const warm = await send(bench, bot, `C0WARM${sizeMiB}X${run}`);
          await waitForEnd(bench.world.slack, warm, 30_000);
          await sleep(idle.settleMs);
          const idleFrom = Date.now();
          await sleep(idle.windowMs);
          const idleRssKb = median(sampler.between(idleFrom));
          const measured = await measuredCapture(bench, bot, worker, sampler, sizeMiB, file, `C0LINK${sizeMiB}X${run}`);
          runs.push({ sizeMiB, rawMs: raw!.ms, rawGrowthKb: raw!.rssPeakKb - raw!.rssBaselineKb, startRssKb, idleRssKb, ...measured });
          log(`  ${sizeMiB} MiB run ${run + 1}: link ${measured.timeToLinkMs} ms, transfer ${measured.transferMs} ms, raw ${Math.round(raw!.ms)} ms, peak RSS ${Math.round(measured.peakRssKb / 1024)} MiB (idle ${Math.round(idleRssKb / 1024)})`);
        } finally {
          sampler.stop();
          await worker.stop();
        }
      }
    }
  } finally {
    await bench.close();
  }
  return runs;
}
