import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startWorld, type World } from '../support/capturebot-harness.js';
import { startCapturebot, type CapturebotProcess } from '../support/capturebot-process.js';
import { runCapture } from '../support/run-capture.js';

const HOOK = resolve(import.meta.dirname, '../support/loaded-packages-hook.mjs');
const CLUSTER_AND_STORAGE_SDKS = ['@kubernetes/client-node', '@aws-sdk/client-s3', '@aws-sdk/s3-request-presigner'];

/** Starts role with the hook that lists every npm package the process loads. */
async function startListed(role: string, env: Record<string, string>, listFile: string): Promise<CapturebotProcess> {
  return startCapturebot(role, { ...env, LOADED_PACKAGES_FILE: listFile }, { entry: ['--import', HOOK, '--import', 'tsx', 'src/main.ts'] });
}

function loaded(listFile: string): string[] {
  return readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
}

// Idle RSS is what the role loads: client-node alone adds ~90 MB to Node's 44 (BENCHMARKS.md, figure 4).
describe('when the bot and the worker run as separate roles', () => {
  let world: World;
  let dir: string;
  let bot: CapturebotProcess | undefined;
  let worker: CapturebotProcess | undefined;
  let status = '';
  let workerAtStart: string[] = [];

  beforeAll(async () => {
    world = await startWorld();
    dir = mkdtempSync(join(tmpdir(), 'capturebot-footprint-'));
    worker = await startListed('worker', world.env, join(dir, 'worker.txt'));
    workerAtStart = loaded(join(dir, 'worker.txt'));
    bot = await startListed('bot', world.env, join(dir, 'bot.txt'));
    // A whole capture through the bot: whatever it loads on the request path is listed too.
    status = await runCapture(world, eventsUrl(bot), `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s`, 'C0FOOTPRINT');
    await Promise.all([bot.stop(), worker.stop()]);
  }, 90_000);

  afterAll(async () => {
    await bot?.stop();
    await worker?.stop();
    await world?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a capture to Done', () => {
    expect(status).toMatch(/:white_check_mark: Done/);
  });

  it('the bot loads Bolt but neither the Kubernetes client nor the AWS SDK', () => {
    const packages = loaded(join(dir, 'bot.txt'));
    expect(packages).toContain('@slack/bolt');
    expect(packages.filter((name) => [...CLUSTER_AND_STORAGE_SDKS, '@aws-sdk/lib-storage'].includes(name))).toEqual([]);
  });

  it('the worker loads the Kubernetes client and the AWS SDK but not Bolt', () => {
    const packages = loaded(join(dir, 'worker.txt'));
    expect(packages).toEqual(expect.arrayContaining(CLUSTER_AND_STORAGE_SDKS));
    expect(packages).not.toContain('@slack/bolt');
  });

  it('the worker loads the AWS SDK only once it stores a trace, not when it starts', () => {
    expect(workerAtStart).toContain('@kubernetes/client-node');
    expect(workerAtStart.filter((name) => name.startsWith('@aws-sdk/'))).toEqual([]);
  });
});
