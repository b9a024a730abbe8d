import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaptureJob } from '../src/capture/capture-job.js';
import { DEFAULT_CAPTURE_POD_SETTINGS } from '../src/kube/capture-pod-settings.js';
import { KubeCaptureCluster } from '../src/kube/kube-capture-cluster.js';
import { sampleJob } from '../src/kube/testdata/sample-job.js';
import { triageCommands } from '../src/triage/sysdig-commands.js';
import { summariseTrace, type TriageOutputs } from '../src/triage/triage-summary.js';
import { fixturePath, startKubeStandIn, type KubeStandIn } from './support/kube/index.js';

const MiB = 1024 * 1024;

describe('running the triage commands in the capture pod', () => {
  let kube: KubeStandIn;
  let cluster: KubeCaptureCluster;
  let job: CaptureJob;
  let scratch: string;

  async function capture(traceFile: string): Promise<void> {
    kube.setScenario(() => ({ kind: 'trace', traceFile }));
    await cluster.startCapturePod(job, 'node-a');
    await cluster.awaitCaptureEnd(job, { signal: new AbortController().signal, onCapturing: () => undefined });
  }

  const options = { maxOutputBytes: MiB, timeoutMs: 30_000 };

  beforeEach(async () => {
    kube = await startKubeStandIn({ nodes: ['node-a'] });
    kube.addPod({ namespace: 'ticket-generator', name: 'ticket-balancer-5967c66fb4-qnzj6', nodeName: 'node-a' });
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kube.kubeconfigPath);
    cluster = new KubeCaptureCluster(kubeConfig, DEFAULT_CAPTURE_POD_SETTINGS);
    job = sampleJob();
    scratch = await mkdtemp(path.join(tmpdir(), 'kube-cluster-triage-'));
  });
  afterEach(async () => {
    await kube.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('runs sysdig -r on the trace in the holder container and returns what it printed', async () => {
    await capture(fixturePath('balancer-502.scap'));
    const outputs: TriageOutputs = {};
    for (const command of triageCommands(cluster.tracePath(job), { snaplen: job.snaplen })) {
      const result = await cluster.runInCapturePod(job, command.argv, { ...options, maxOutputBytes: command.maxOutputBytes });
      expect(result.cut).toBe(false);
      outputs[command.name] = result.stdout;
    }
    const summary = summariseTrace(outputs);
    expect(summary.unavailable).toEqual([]);
    expect(summary.http.byStatus).toEqual({ 200: 20, 502: 20 });
    const exec = kube.requests.filter((r) => r.subresource === 'exec');
    expect(exec).toHaveLength(6);
    expect(exec.every((r) => r.url.includes('container=holder'))).toBe(true);
  });

  it('stops reading at maxOutputBytes and says the output was cut', async () => {
    await capture(fixturePath('balancer-502.scap'));
    const io = triageCommands(cluster.tracePath(job), { snaplen: job.snaplen }).find((command) => command.name === 'io');
    const result = await cluster.runInCapturePod(job, io?.argv ?? [], { ...options, maxOutputBytes: 1000 });
    expect(result.cut).toBe(true);
    expect(Buffer.byteLength(result.stdout)).toBe(1000);
    expect(result.stdout.startsWith('{"container.name":')).toBe(true);
    while (kube.openExecSessions > 0) await sleep(5);
  });

  it('rejects with sysdig\'s complaint when the command fails', async () => {
    await capture(fixturePath('balancer-502.scap'));
    await expect(cluster.runInCapturePod(job, ['/usr/bin/sysdig', '-r', '/captures/missing.scap.gz'], options)).rejects.toThrow(/failed in capture-/);
  });

  it('gives up after its timeout and closes the session', async () => {
    const big = path.join(scratch, 'big.scap.gz');
    await writeFile(big, randomBytes(64 * MiB));
    await capture(big);
    await expect(cluster.runInCapturePod(job, ['sha256sum', cluster.tracePath(job)], { ...options, timeoutMs: 1 })).rejects.toThrow(/did not finish within/);
    while (kube.openExecSessions > 0) await sleep(5);
    expect(kube.openExecSessions).toBe(0);
  });

  it('gives up when the signal fires', async () => {
    await capture(fixturePath('balancer-502.scap'));
    const controller = new AbortController();
    controller.abort();
    await expect(cluster.runInCapturePod(job, ['cat', cluster.tracePath(job)], { ...options, signal: controller.signal })).rejects.toThrow(/cancelled/);
  });
});
