import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaptureJob } from '../src/capture/capture-job.js';
import { DEFAULT_CAPTURE_POD_SETTINGS } from '../src/kube/capture-pod-settings.js';
import { KubeCaptureCluster } from '../src/kube/kube-capture-cluster.js';
import { sampleJob } from '../src/kube/testdata/sample-job.js';
import { fixturePath, startKubeStandIn, type KubeStandIn, type KubeStandInOptions } from './support/kube/index.js';

const CAPTURES = DEFAULT_CAPTURE_POD_SETTINGS.namespace;
const TARGET_NS = 'ticket-generator';
const TARGET = 'ticket-balancer-5967c66fb4-qnzj6';
const MiB = 1024 * 1024;

async function sha256(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(stream, hash);
  return hash.digest('hex');
}

describe('reading the trace out of the capture pod', () => {
  let kube: KubeStandIn;
  let cluster: KubeCaptureCluster;
  let job: CaptureJob;
  let scratch: string;

  async function start(options: KubeStandInOptions = {}): Promise<void> {
    kube = await startKubeStandIn({ nodes: ['node-a'], ...options });
    kube.addPod({ namespace: TARGET_NS, name: TARGET, nodeName: 'node-a' });
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kube.kubeconfigPath);
    cluster = new KubeCaptureCluster(kubeConfig, DEFAULT_CAPTURE_POD_SETTINGS);
  }

  async function capture(traceFile: string): Promise<void> {
    kube.setScenario(() => ({ kind: 'trace', traceFile }));
    await cluster.startCapturePod(job, 'node-a');
    await expect(cluster.awaitCaptureEnd(job, { signal: new AbortController().signal, onCapturing: () => undefined })).resolves.toEqual({
      ok: true,
    });
  }

  beforeEach(async () => {
    job = sampleJob({ pod: TARGET, namespace: TARGET_NS });
    scratch = await mkdtemp(path.join(tmpdir(), 'kube-cluster-trace-'));
  });
  afterEach(async () => {
    await kube.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('keeps its buffer bounded while a slow reader takes a large trace', async () => {
    await start();
    const big = path.join(scratch, 'big.scap.gz');
    await writeFile(big, randomBytes(48 * MiB));
    await capture(big);

    const trace = cluster.openTrace(job);
    const hash = createHash('sha256');
    let peakBuffered = 0;
    for await (const chunk of trace as AsyncIterable<Buffer>) {
      hash.update(chunk);
      await sleep(20);
      peakBuffered = Math.max(peakBuffered, trace.readableLength);
    }
    expect(hash.digest('hex')).toBe(await sha256(createReadStream(big)));
    // Without pausing the socket the whole file would pile up in the stream.
    expect(peakBuffered).toBeLessThan(4 * MiB);
  });

  it('works with servers that offer only the v4 exec protocol', async () => {
    await start({ execProtocols: ['v4.channel.k8s.io'] });
    await capture(fixturePath('test_ipv6_client.scap'));
    const bytes = await buffer(cluster.openTrace(job));
    expect(await sha256(createReadStream(fixturePath('test_ipv6_client.scap')))).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('fails with the command\'s stderr when the trace file is not there', async () => {
    await start();
    await capture(fixturePath('single_ipv6_conn.scap'));
    const otherFile = { ...job, requestedAt: '2019-02-14T12:00:00.000Z' };

    await expect(buffer(cluster.openTrace(otherFile))).rejects.toThrow(/No such file or directory/);
  });

  it('fails when the holder is gone before the read', async () => {
    await start();
    await capture(fixturePath('single_ipv6_conn.scap'));
    await cluster.deleteCapturePod(job);

    await expect(buffer(cluster.openTrace(job))).rejects.toThrow(/could not exec/);
  });

  it('says which permission is missing when exec is forbidden', async () => {
    await start();
    await capture(fixturePath('single_ipv6_conn.scap'));
    kube.failNext({ verb: 'create', resource: 'pods', subresource: 'exec', namespace: CAPTURES, status: 403 });

    await expect(buffer(cluster.openTrace(job))).rejects.toThrow(/needs get and create on pods\/exec in namespace capturebot-captures/);
  });

  it('leaves no exec session open when the reader gives up early', async () => {
    await start();
    const big = path.join(scratch, 'big.scap.gz');
    await writeFile(big, randomBytes(16 * MiB));
    await capture(big);

    const trace = cluster.openTrace(job);
    for await (const _chunk of trace) break;
    while (kube.openExecSessions > 0) await sleep(5);
    expect(kube.openExecSessions).toBe(0);
  });
});
