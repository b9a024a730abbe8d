import { join } from 'node:path';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { isKubeName } from '../../src/capture/kube-names.js';
import { kustomizeBuild, type Manifest } from '../support/kustomize.js';
import { resolveEnv, type SecretData } from '../support/pod-env.js';
import { REPO_ROOT } from '../support/repo-root.js';

// A worker for another cluster: what its kustomization's comments tell the operator to create there.
const SECRETS: SecretData = {
  'capturebot-slack': { 'bot-token': 'xoxb-1-made-up' },
  'capturebot-redis': { url: 'rediss://capturebot-prod-us:made-up@redis.example.internal:6380' },
  'capturebot-signing': { 'job-signing-key': 'made-up-job-signing-key-0123456789abcdef' },
};

const DEPLOY = join(REPO_ROOT, 'deploy');
const remote = kustomizeBuild(join(DEPLOY, 'overlays/remote-worker')).objects;
const main = kustomizeBuild(DEPLOY).objects;
const idOf = (o: Manifest) => `${o.kind}/${o.metadata.name}`;

function workerEnv(objects: readonly Manifest[], secrets: SecretData = SECRETS): Record<string, string> {
  const d = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'capturebot-worker') as unknown as IDeployment & Manifest;
  return resolveEnv(d.spec!.template.spec!.containers[0]! as never, d.metadata.namespace!, objects, secrets);
}

describe('deploy/overlays/remote-worker', () => {
  it('runs the worker side only: no bot, no policy file, no Redis of its own', () => {
    const ids = remote.map(idOf);
    expect(ids.filter((id) => id.startsWith('Deployment/'))).toEqual(['Deployment/capturebot-worker']);
    expect(ids).not.toContain('ConfigMap/capturebot-policy');
    expect(ids).not.toContain('Service/capturebot-bot');
    expect(ids).not.toContain('ServiceAccount/capturebot-bot');
    // Everything else of the main install's worker side is here, unchanged in kind and name.
    const botSide = ['Deployment/capturebot-bot', 'Service/capturebot-bot', 'ServiceAccount/capturebot-bot', 'ConfigMap/capturebot-policy'];
    const workerSide = main.map(idOf).filter((id) => !botSide.includes(id) && !id.endsWith('/capturebot-redis'));
    expect(ids.sort()).toEqual(workerSide.sort());
  });

  it('needs no Slack app token, signing secret or Alertmanager token: those stay with the bot', () => {
    const text = JSON.stringify(remote);
    for (const name of ['SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'app-token', 'capturebot-alertmanager', 'capturebot-redis-auth']) {
      expect(text).not.toContain(name);
    }
  });

  it('starts a worker for its own cluster, on the central Redis over TLS', () => {
    const env = workerEnv(remote);
    const config = loadConfig('worker', env);
    expect(config.role).toBe('worker');
    expect(config.worker?.CLUSTER_NAME).toBe(env['CLUSTER_NAME']);
    expect(env['REDIS_URL']).toBe(SECRETS['capturebot-redis']!['url']);
    expect(new URL(env['REDIS_URL']!).protocol).toBe('rediss:');
    const cluster = env['CLUSTER_NAME']!;
    expect(isKubeName('namespace', cluster)).toBe(true);
    expect(cluster).not.toBe('default');
    // The bot's own cluster keeps the default name unless the operator sets one.
    const mainSecrets = { ...SECRETS, 'capturebot-redis-auth': { password: 'made-up-redis-password-0123456789' } };
    expect(workerEnv(main, mainSecrets)['CLUSTER_NAME']).toBeUndefined();
  });

  it('lets the worker reach Redis on the TLS port instead of an in-cluster Redis pod', () => {
    const app = remote.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'capturebot-app') as unknown as INetworkPolicy;
    const redisRule = app.spec!.egress![0]!;
    expect(redisRule.to).toBeUndefined();
    expect(redisRule.ports).toEqual([{ port: 6380, protocol: 'TCP' }]);
    expect(JSON.stringify(app.spec!.egress)).not.toContain('"component":"redis"');
  });
});
