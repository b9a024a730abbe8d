import { join, posix } from 'node:path';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { describe, expect, it } from 'vitest';
import { loadConfig, type Role } from '../../src/config.js';
import { parsePolicy } from '../../src/policy/parse-policy.js';
import { kustomizeBuild, type Manifest } from '../support/kustomize.js';
import { resolveEnv, type SecretData } from '../support/pod-env.js';
import { REPO_ROOT } from '../support/repo-root.js';

const DEPLOY = join(REPO_ROOT, 'deploy');
const builds = [
  { name: 'deploy/', objects: kustomizeBuild(DEPLOY).objects, redis: 'in-cluster' },
  { name: 'deploy/overlays/external-redis', objects: kustomizeBuild(join(DEPLOY, 'overlays/external-redis')).objects, redis: 'external' },
] as const;

/** The Secrets the install instructions tell the operator to create (values made up). */
const SECRETS: SecretData = {
  'capturebot-slack': { 'bot-token': 'xoxb-1-made-up', 'app-token': 'xapp-1-made-up' },
  'capturebot-redis': { url: 'rediss://:made-up@redis.example.internal:6379' },
  'capturebot-redis-auth': { password: 'made-up-redis-password-0123456789' },
  'capturebot-signing': { 'job-signing-key': 'made-up-job-signing-key-0123456789abcdef' },
};

const deploymentIn = (objects: readonly Manifest[], name: string) =>
  objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name) as unknown as IDeployment & Manifest;

function environment(objects: readonly Manifest[], name: string): Record<string, string> {
  const d = deploymentIn(objects, name);
  return resolveEnv(d.spec!.template.spec!.containers[0]! as never, d.metadata.namespace!, objects, SECRETS);
}

describe.each(builds)('the settings in $name', ({ objects, redis }) => {
  it.each([
    ['capturebot-bot', 'bot'],
    ['capturebot-worker', 'worker'],
  ] as const)('give %s everything its role checks at start-up', (name, role: Role) => {
    const config = loadConfig(role, environment(objects, name));
    expect(config.role).toBe(role);
  });

  it('point the bot and the worker at the same Redis', () => {
    const url = environment(objects, 'capturebot-bot')['REDIS_URL']!;
    expect(environment(objects, 'capturebot-worker')['REDIS_URL']).toBe(url);
    const service = objects.find((o) => o.kind === 'Service' && o.metadata.name === new URL(url).hostname);
    if (redis === 'in-cluster') expect(service?.metadata.namespace).toBe('capturebot');
    else expect(url).toBe(SECRETS['capturebot-redis']!['url']);
  });

  it('send the worker capture pods to the privileged namespace its Role is in', () => {
    const namespace = environment(objects, 'capturebot-worker')['CAPTURE_NAMESPACE'];
    const privileged = objects.find((o) => o.kind === 'Namespace' && o.metadata.labels?.['pod-security.kubernetes.io/enforce'] === 'privileged');
    expect(namespace).toBe(privileged?.metadata.name);
    expect(objects.some((o) => o.kind === 'Role' && o.metadata.namespace === namespace)).toBe(true);
  });
});

describe('the policy ConfigMap', () => {
  const { objects } = builds[0]!;
  const bot = deploymentIn(objects, 'capturebot-bot').spec!.template.spec!;
  const policyPath = environment(objects, 'capturebot-bot')['CAPTUREBOT_POLICY']!;
  const mount = bot.containers[0]!.volumeMounts?.find((m) => m.mountPath === posix.dirname(policyPath));
  const volume = bot.volumes?.find((v) => v.name === mount?.name);
  const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === volume?.configMap?.name);

  it('is mounted where CAPTUREBOT_POLICY points, as a directory so that edits reach the bot', () => {
    expect(policyPath).toBe('/etc/capturebot/policy.yaml');
    expect(mount?.subPath).toBeUndefined();
    expect(mount?.readOnly).toBe(true);
    expect(Object.keys((configMap?.['data'] as Record<string, string>) ?? {})).toContain(posix.basename(policyPath));
  });

  it('holds a policy the bot accepts that names no Slack id, so it works in any workspace as shipped', () => {
    const text = (configMap!['data'] as Record<string, string>)[posix.basename(policyPath)]!;
    const policy = parsePolicy(text, 'deploy/base/policy.yaml');
    expect(policy.defaults).toMatchObject({ approval: 'required', approvers: [] });
    expect(policy.rules.map((r) => r.kind)).toEqual(['deny']);
    expect(policy.rules[0]).toMatchObject({ namespaces: ['kube-system'] });
    expect(policy.ids).toEqual([]);
  });

  it('shows, commented out, the team rule and says what each placeholder id is to be replaced with', () => {
    const text = (configMap!['data'] as Record<string, string>)[posix.basename(policyPath)]!;
    for (const id of ['C0INCIDENT', 'S0SRE', 'S0ONCALL']) expect(text).toMatch(new RegExp(`#\\s+${id}\\s+- `));
    const example = /# (- \{name: incident.*\})/.exec(text)?.[1];
    expect(example).toBeDefined();
    // Uncommented as the comment says, it is a rule the bot accepts.
    expect(parsePolicy(`rules:\n  ${example}\n`, 'example').rules[0]).toMatchObject({ requesters: ['S0SRE'], approvers: ['S0ONCALL'] });
  });
});
