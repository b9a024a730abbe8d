import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/capturebot-process.js';
import { kustomizeBuild, type Manifest } from '../support/kustomize.js';
import { expandVariables, resolveEnv } from '../support/pod-env.js';
import { REPO_ROOT } from '../support/repo-root.js';

const DEPLOY = join(REPO_ROOT, 'deploy');
const installed = kustomizeBuild(DEPLOY).objects;
const external = kustomizeBuild(join(DEPLOY, 'overlays/external-redis')).objects;
const PASSWORD = 'made-up-redis-password-0123456789abcdef';
const SIGNING_KEY = 'made-up-job-signing-key-0123456789abcdef';
const SECRETS = {
  'capturebot-slack': { 'bot-token': 'xoxb-1-made-up', 'app-token': 'xapp-1-made-up' },
  'capturebot-redis': { url: 'rediss://:external-made-up@redis.example.internal:6380' },
  'capturebot-redis-auth': { password: PASSWORD },
  'capturebot-signing': { 'job-signing-key': SIGNING_KEY },
};

/** The server's first reply line to an inline command sent without logging in; '' when nothing listens. */
function rawReply(port: number, command: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`${command}\r\n`));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString('utf8').split('\r\n', 1)[0]!);
    });
    socket.once('error', () => resolve(''));
  });
}

function container(objects: readonly Manifest[], name: string) {
  const d = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name) as unknown as IDeployment & Manifest;
  return { spec: d.spec!.template.spec!.containers[0]!, namespace: d.metadata.namespace! };
}

function envOf(objects: readonly Manifest[], name: string): Record<string, string> {
  const { spec, namespace } = container(objects, name);
  return resolveEnv(spec as never, namespace, objects, SECRETS);
}

describe("deploy/'s Redis", () => {
  let dir: string;
  let server: ChildProcess;
  let port: number;

  // The rendered Redis container's args, expanded as the kubelet would, run by a real redis-server.
  beforeAll(async () => {
    const redis = container(installed, 'capturebot-redis');
    const env = envOf(installed, 'capturebot-redis');
    const [command, ...args] = (redis.spec.args ?? []).map((arg) => expandVariables(arg, env));
    expect(command).toBe('redis-server');
    port = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'capturebot-redis-auth-'));
    server = spawn('redis-server', [...args, '--port', String(port), '--bind', '127.0.0.1', '--dir', dir], { stdio: 'ignore' });
    for (let i = 0; i < 100; i += 1) {
      if ((await rawReply(port, 'PING')) !== '') return;
      await sleep(50);
    }
    throw new Error('redis-server did not start');
  });

  afterAll(() => {
    server?.kill('SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a client without the password', async () => {
    expect(await rawReply(port, 'PING')).toMatch(/^-NOAUTH/);
    expect(await rawReply(port, 'SET capturebot:bull:captures:1 x')).toMatch(/^-NOAUTH/);
  });

  it.each(['capturebot-bot', 'capturebot-worker'])('answers %s, whose REDIS_URL carries the password from the Secret', async (name) => {
    const url = new URL(envOf(installed, name)['REDIS_URL']!);
    expect(url.hostname).toBe('capturebot-redis');
    expect(decodeURIComponent(url.password)).toBe(PASSWORD);
    url.hostname = '127.0.0.1';
    url.port = String(port);
    const client = new Redis(url.toString(), { maxRetriesPerRequest: 0, retryStrategy: () => null });
    await expect(client.ping()).resolves.toBe('PONG');
    client.disconnect();
  });

  it('takes the password from the Secret in its probe too', () => {
    const probeEnv = envOf(installed, 'capturebot-redis');
    expect(probeEnv['REDISCLI_AUTH']).toBe(PASSWORD);
  });
});

describe.each([
  ['deploy/', installed],
  ['deploy/overlays/external-redis', external],
] as const)('the manifests of %s', (_name, objects) => {
  it('hold no password and no signing key in a ConfigMap or a literal env value', () => {
    const written = JSON.stringify(objects);
    for (const secretValue of [PASSWORD, SIGNING_KEY, 'external-made-up']) expect(written).not.toContain(secretValue);
    const configData = objects.filter((o) => o.kind === 'ConfigMap').flatMap((o) => Object.entries((o['data'] as Record<string, string>) ?? {}));
    expect(configData.map(([key]) => key).filter((key) => /PASSWORD|REDIS_URL|SIGNING|SECRET|TOKEN/i.test(key))).toEqual([]);
    expect(configData.filter(([, value]) => /redis[s]?:\/\/[^\s/]*:[^\s/@]+@/.test(value))).toEqual([]);
  });

  it.each(['capturebot-bot', 'capturebot-worker'])('give %s its job signing key from a Secret', (name) => {
    const variable = container(objects, name).spec.env?.find((e) => e.name === 'JOB_SIGNING_KEY');
    expect(variable?.valueFrom?.secretKeyRef).toEqual({ name: 'capturebot-signing', key: 'job-signing-key' });
    expect(envOf(objects, name)['JOB_SIGNING_KEY']).toBe(SIGNING_KEY);
  });
});

describe('the external-redis overlay', () => {
  it.each(['capturebot-bot', 'capturebot-worker'])('gives %s the URL of its own Secret and no in-cluster Redis password', (name) => {
    const env = envOf(external, name);
    expect(env['REDIS_URL']).toBe(SECRETS['capturebot-redis'].url);
    expect(env['REDIS_PASSWORD']).toBeUndefined();
    expect(JSON.stringify(container(external, name).spec)).not.toContain('capturebot-redis-auth');
  });
});
