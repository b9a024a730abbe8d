import { copyFile, link, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { sleep, waitFor } from './abortable.js';
import type { CaptureScenario } from './capture-scenario.js';
import type { ContainerView } from './pod-filesystem.js';
import type { SysdigInvocation } from './sysdig-invocation.js';

export interface CaptureRunContext {
  readonly scenario: CaptureScenario;
  readonly invocation: SysdigInvocation | undefined;
  readonly view: ContainerView;
  /** Real milliseconds per captured second. */
  readonly msPerSecond: number;
  /** Resolves when a test calls finishCapture for this pod. */
  readonly finished: Promise<void>;
  readonly signal: AbortSignal;
}

export interface ContainerExit {
  readonly exitCode: number;
  readonly logLines: readonly string[];
}

/** Puts the trace where sysdig's `-w` points; a hard link when possible, so multi-GiB traces cost nothing. */
async function placeTrace(source: string, target: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  await rm(target, { force: true });
  try {
    await link(source, target);
  } catch {
    await copyFile(source, target);
  }
}

/** Waits as long as sysdig would capture: `-M` seconds scaled, or until finishCapture when manual or unbounded. */
async function captureTime(ctx: CaptureRunContext, manual: boolean): Promise<void> {
  const seconds = ctx.invocation?.seconds;
  if (manual || seconds === undefined) await waitFor(ctx.finished, ctx.signal);
  else {
    // Whichever comes first ends the capture; the other wait is cancelled so no timer outlives it.
    const done = new AbortController();
    const signal = AbortSignal.any([ctx.signal, done.signal]);
    await Promise.race([sleep(seconds * ctx.msPerSecond, signal), waitFor(ctx.finished, signal)]).finally(() => done.abort());
  }
}

/** Plays the capture container per scenario; rejects with the abort reason when the pod goes away first. */
export async function runCaptureContainer(ctx: CaptureRunContext): Promise<ContainerExit> {
  const { scenario } = ctx;
  switch (scenario.kind) {
    case 'trace': {
      await captureTime(ctx, scenario.finish === 'manual');
      const target = ctx.invocation?.writePath;
      if (target !== undefined) await placeTrace(scenario.traceFile, ctx.view.resolve(target));
      return { exitCode: 0, logLines: scenario.logLines ?? [] };
    }
    case 'capture-fails': {
      const seconds = scenario.afterSeconds ?? ctx.invocation?.seconds ?? 0;
      await sleep(seconds * ctx.msPerSecond, ctx.signal);
      return { exitCode: scenario.exitCode, logLines: scenario.logLines };
    }
    case 'never-finishes':
      await waitFor(new Promise<void>(() => undefined), ctx.signal);
      return { exitCode: 0, logLines: [] };
    case 'image-pull-fails':
    case 'unschedulable':
      throw new Error(`scenario ${scenario.kind} never starts the container`);
  }
}
