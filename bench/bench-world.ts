import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CapturebotProcess } from '../test/support/capturebot-process.js';
import { eventsUrl, startWorld, type World } from '../test/support/capturebot-harness.js';
import type { KubeStandInOptions } from '../test/support/kube/index.js';
import type { CapturebotLauncher } from './capturebot-launcher.js';
import { startCommandHelper } from './command-helper.js';
import { startS3Process } from './s3-process.js';

/** Every capture runs without approval in the benchmarks: an approval would measure a person, not capturebot. */
const POLICY_YAML = `defaults:
  approval: none
  maxDuration: 300s
  maxSnaplen: 4096
rules: []
`;

export interface BenchWorld {
  readonly world: World;
  /** capturebot's environment for this world: the stand-ins, the policy file, info logging. */
  readonly env: Record<string, string>;
  start(role: 'bot' | 'worker' | 'all', extra?: Record<string, string>): Promise<CapturebotProcess>;
  close(): Promise<void>;
}

/**
 * The integration tests' world (Slack, Kubernetes and S3 stand-ins, real Redis under a prefix of its own)
 * plus a policy file; S3, and the binaries the Kubernetes stand-in's execs run, in processes of their own.
 */
export async function startBenchWorld(launcher: CapturebotLauncher, workDir: string, kube: KubeStandInOptions = {}): Promise<BenchWorld> {
  const commands = await startCommandHelper();
  const world = await startWorld({ kube: { ...kube, launchCommand: commands.launch }, s3: startS3Process });
  const policyFile = path.join(workDir, `policy-${world.prefix}.yaml`);
  await writeFile(policyFile, POLICY_YAML);
  // The benchmark sends more requests per user than a person would.
  const env = { ...world.env, CAPTUREBOT_POLICY: policyFile, LOG_LEVEL: 'info', MAX_REQUESTS_PER_USER_PER_HOUR: '10000' };
  const started: CapturebotProcess[] = [];
  return {
    world,
    env,
    async start(role, extra = {}) {
      const app = await launcher.start(role, { ...env, ...extra });
      started.push(app);
      return app;
    },
    async close() {
      await Promise.allSettled(started.map((app) => app.stop()));
      await world.close();
      await commands.close();
    },
  };
}

export { eventsUrl };
