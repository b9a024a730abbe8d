import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixturePath } from './capture-scenario.js';
import { startKubeStandIn } from './kube-stand-in.js';
import type { KubeStandIn } from './kube-stand-in-api.js';
import { execCollect, realClients } from './real-client.js';

const NS = 'capturebot-captures';
const FIXTURE = fixturePath('curl_google.scap');

/** A running pod whose two containers share the `captures` emptyDir at /captures, like a capture pod's holder. */
function seedHolder(kube: KubeStandIn, name = 'holder-pod'): void {
  kube.addPod({ namespace: NS, name, nodeName: 'node-1', containers: ['holder', 'sidecar'] });
  kube.updatePod(NS, name, (pod) => {
    pod.spec = {
      ...pod.spec,
      containers: (pod.spec?.containers ?? []).map((c) => ({ ...c, volumeMounts: [{ name: 'captures', mountPath: '/captures' }] })),
      volumes: [{ name: 'captures', emptyDir: {} }],
    };
  });
}

async function placeInCaptures(kube: KubeStandIn, pod: string, file: string, bytes: Buffer): Promise<void> {
  const target = await kube.hostPath(NS, pod, 'holder', `/captures/${file}`);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, bytes);
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('kube stand-in pods/exec, through the real client-node', () => {
  let kube: KubeStandIn;
  let clients: ReturnType<typeof realClients>;
  let fixture: Buffer;

  beforeEach(async () => {
    kube = await startKubeStandIn();
    clients = realClients(kube);
    fixture = await readFile(FIXTURE);
    seedHolder(kube);
    await placeInCaptures(kube, 'holder-pod', 'trace.scap.gz', fixture);
  });
  afterEach(async () => {
    await kube.close();
  });

  it('cat returns the exact bytes of the file and a Success status over v5', async () => {
    const result = await execCollect(clients.exec, NS, 'holder-pod', 'holder', ['cat', '/captures/trace.scap.gz']);
    expect(result.protocol).toBe('v5.channel.k8s.io');
    expect(result.status).toEqual({ metadata: {}, status: 'Success' });
    expect(sha256(result.stdout)).toBe(sha256(fixture));
    expect(result.stdout.length).toBe(fixture.length);
  });

  it('the other container sees the same emptyDir', async () => {
    const result = await execCollect(clients.exec, NS, 'holder-pod', 'sidecar', ['sha256sum', '/captures/trace.scap.gz']);
    expect(result.stdout.toString()).toBe(`${sha256(fixture)}  /captures/trace.scap.gz\n`);
  });

  it('a missing file gives cat stderr and a NonZeroExitCode failure carrying the exit code', async () => {
    const result = await execCollect(clients.exec, NS, 'holder-pod', 'holder', ['cat', '/captures/nope.scap.gz']);
    expect(result.stderr).toBe('cat: /captures/nope.scap.gz: No such file or directory\n');
    expect(result.stdout.length).toBe(0);
    expect(result.status).toMatchObject({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      message: 'command terminated with non-zero exit code: error executing command [cat /captures/nope.scap.gz], exit code 1',
      details: { causes: [{ reason: 'ExitCode', message: '1' }] },
    });
  });

  it('stat -c %s prints the size', async () => {
    const result = await execCollect(clients.exec, NS, 'holder-pod', 'holder', ['stat', '-c', '%s', '/captures/trace.scap.gz']);
    expect(result.stdout.toString()).toBe(`${fixture.length}\n`);
  });

  it('paths cannot climb out of the pod with ..', async () => {
    const result = await execCollect(clients.exec, NS, 'holder-pod', 'holder', ['cat', '/captures/../../../../../../etc/hostname']);
    expect(result.status.status).toBe('Failure');
    expect(result.stderr).toContain('No such file or directory');
  });

  it('sysdig runs the real binary against the file in the pod', async () => {
    const result = await execCollect(clients.exec, NS, 'holder-pod', 'holder', ['sysdig', '-r', '/captures/trace.scap.gz', '-c', 'topconns']);
    expect(result.status.status).toBe('Success');
    expect(result.stdout.toString()).toContain('2607:f8b0:4004:802::2004:80');
  });

  it('an unknown command fails like the container runtime, exit 126', async () => {
    const result = await execCollect(clients.exec, NS, 'holder-pod', 'holder', ['tar', 'cf', '-', '/captures']);
    expect(result.stderr).toContain('exec: "tar": executable file not found in $PATH');
    expect(result.status.details?.causes?.[0]).toEqual({ reason: 'ExitCode', message: '126' });
  });

  it('streams a file much larger than the socket buffers intact', async () => {
    const big = Buffer.concat(Array.from({ length: 24 }, () => randomBytes(1024 * 1024)));
    await placeInCaptures(kube, 'holder-pod', 'big.scap.gz', big);
    const result = await execCollect(clients.exec, NS, 'holder-pod', 'holder', ['cat', '/captures/big.scap.gz']);
    expect(result.stdout.length).toBe(big.length);
    expect(sha256(result.stdout)).toBe(sha256(big));
  });

  it('refuses the upgrade for a container that is not running, a wrong container and a missing pod', async () => {
    kube.addPod({ namespace: NS, name: 'pending-pod', nodeName: 'node-1', phase: 'Pending' });
    const run = (pod: string, container: string) => execCollect(clients.exec, NS, pod, container, ['cat', '/etc/hostname']);
    await expect(run('pending-pod', 'app')).rejects.toMatchObject({ message: 'Unexpected server response: 400' });
    await expect(run('holder-pod', 'nope')).rejects.toMatchObject({ message: 'Unexpected server response: 400' });
    await expect(run('ghost', 'app')).rejects.toMatchObject({ message: 'Unexpected server response: 404' });
    expect(kube.openExecSessions).toBe(0);
  });

  it('accepts the v5 close of stdin from a client that sends input', async () => {
    const result = await execCollect(clients.exec, NS, 'holder-pod', 'holder', ['cat', '/captures/trace.scap.gz'], Readable.from([Buffer.from('ignored')]));
    expect(result.status.status).toBe('Success');
    expect(result.stdout.length).toBe(fixture.length);
  });

  it('ends a running exec with exit 137 when the pod is deleted', async () => {
    await kube.close();
    // `sysdig 30` then runs `sleep 30`: a command that outlives the pod.
    kube = await startKubeStandIn({ sysdigPath: '/usr/bin/sleep' });
    clients = realClients(kube);
    seedHolder(kube);
    const running = execCollect(clients.exec, NS, 'holder-pod', 'holder', ['sysdig', '30']);
    await vi.waitFor(() => expect(kube.openExecSessions).toBe(1), { timeout: 5000, interval: 10 });
    await clients.core.deleteNamespacedPod({ namespace: NS, name: 'holder-pod' });
    const result = await running;
    expect(result.status.details?.causes?.[0]).toEqual({ reason: 'ExitCode', message: '137' });
    expect(kube.openExecSessions).toBe(0);
  });

  it('speaks v4 when the server is older', async () => {
    await kube.close();
    kube = await startKubeStandIn({ execProtocols: ['v4.channel.k8s.io', 'channel.k8s.io'] });
    clients = realClients(kube);
    seedHolder(kube);
    await placeInCaptures(kube, 'holder-pod', 'trace.scap.gz', fixture);
    const result = await execCollect(clients.exec, NS, 'holder-pod', 'holder', ['cat', '/captures/trace.scap.gz']);
    expect(result.protocol).toBe('v4.channel.k8s.io');
    expect(sha256(result.stdout)).toBe(sha256(fixture));
  });
});
