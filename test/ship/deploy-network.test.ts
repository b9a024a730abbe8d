import { join } from 'node:path';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import { describe, expect, it } from 'vitest';
import { kustomizeBuild, type Manifest } from '../support/kustomize.js';
import { selects } from '../support/label-selector.js';
import { REPO_ROOT } from '../support/repo-root.js';

const DEPLOY = join(REPO_ROOT, 'deploy');
const root = kustomizeBuild(DEPLOY).objects;
const overlay = kustomizeBuild(join(DEPLOY, 'overlays/external-redis')).objects;

type Policy = INetworkPolicy & Manifest;
const policies = (objects: readonly Manifest[]) => objects.filter((o) => o.kind === 'NetworkPolicy') as unknown as Policy[];
const podLabels = (objects: readonly Manifest[], name: string): Record<string, string> =>
  (objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name) as unknown as IDeployment | undefined)?.spec?.template.metadata?.labels ?? {};
const governing = (objects: readonly Manifest[], name: string, type: 'Ingress' | 'Egress') =>
  policies(objects).filter((p) => p.spec!.policyTypes?.includes(type) && selects(p.spec!.podSelector, podLabels(objects, name)));

/** Where a peer is: the in-cluster Redis, DNS, or an address block; anything else is named as is. */
function describePeer(objects: readonly Manifest[], peer: INetworkPolicyPeer | undefined): string {
  if (peer === undefined) return 'anywhere';
  if (peer.ipBlock) return `ipBlock ${peer.ipBlock.cidr}${peer.ipBlock.except?.length ? ' except …' : ''}`;
  if (peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'kube-system' && peer.podSelector?.matchLabels?.['k8s-app'] === 'kube-dns') {
    return 'kube-dns';
  }
  const redis = podLabels(objects, 'capturebot-redis');
  if (peer.podSelector && !peer.namespaceSelector && Object.keys(redis).length > 0 && selects(peer.podSelector, redis)) return 'redis';
  return JSON.stringify(peer);
}

/** Every (destination, port) a pod may reach, as `destination port/protocol`. */
function egressOf(objects: readonly Manifest[], name: string): Set<string> {
  const allowed = new Set<string>();
  for (const policy of governing(objects, name, 'Egress')) {
    for (const rule of policy.spec!.egress ?? []) {
      const peers = rule.to?.length ? rule.to : [undefined];
      const ports = rule.ports?.length ? rule.ports : [undefined];
      for (const peer of peers) {
        for (const port of ports) allowed.add(`${describePeer(objects, peer)} ${port ? `${port.port}/${port.protocol ?? 'TCP'}` : 'every port'}`);
      }
    }
  }
  return allowed;
}

/** A pod that opens a connection: its namespace (whose kubernetes.io/metadata.name label is its name) and labels. */
interface SourcePod {
  readonly namespace: string;
  readonly podLabels: Record<string, string>;
}

/** Whether a peer of an ingress rule of a policy in `policyNamespace` takes in the source pod, as NetworkPolicy defines it. */
function peerTakes(peer: INetworkPolicyPeer, policyNamespace: string, source: SourcePod): boolean {
  if (peer.ipBlock) return true; // pod addresses are in 0.0.0.0/0 too: count it as open
  const inNamespace = peer.namespaceSelector ? selects(peer.namespaceSelector, { 'kubernetes.io/metadata.name': source.namespace }) : source.namespace === policyNamespace;
  return inNamespace && (peer.podSelector ? selects(peer.podSelector, source.podLabels) : true);
}

/** Whether a connection from source to the named Deployment's pods on port/TCP is let in. */
function ingressAdmits(objects: readonly Manifest[], name: string, source: SourcePod, port: number): boolean {
  const isolating = governing(objects, name, 'Ingress');
  if (isolating.length === 0) return true;
  return isolating.some((policy) =>
    (policy.spec!.ingress ?? []).some(
      (rule) =>
        (rule.from?.length ? rule.from.some((peer) => peerTakes(peer, policy.metadata.namespace!, source)) : true) &&
        (rule.ports?.length ? rule.ports.some((p) => p.port === port && (p.protocol ?? 'TCP') === 'TCP') : true),
    ),
  );
}

const DNS = ['kube-dns 53/UDP', 'kube-dns 53/TCP'];
const HTTPS = ['ipBlock 0.0.0.0/0 443/TCP', 'ipBlock ::/0 443/TCP'];
const API_SERVER_6443 = ['ipBlock 0.0.0.0/0 6443/TCP', 'ipBlock ::/0 6443/TCP'];

describe('the NetworkPolicies of the default install', () => {
  it('deny everything in the namespace that no other policy allows', () => {
    const denyAll = policies(root).find((p) => Object.keys(p.spec!.podSelector).length === 0);
    expect(denyAll?.spec?.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(denyAll?.spec?.ingress ?? []).toEqual([]);
    expect(denyAll?.spec?.egress ?? []).toEqual([]);
  });

  it('let the bot reach only Redis, DNS and HTTPS outside', () => {
    expect(egressOf(root, 'capturebot-bot')).toEqual(new Set(['redis 6379/TCP', ...DNS, ...HTTPS]));
  });

  it('let the worker reach only Redis, DNS, HTTPS outside and the API server port', () => {
    expect(egressOf(root, 'capturebot-worker')).toEqual(new Set(['redis 6379/TCP', ...DNS, ...HTTPS, ...API_SERVER_6443]));
  });

  it.each(['capturebot-bot', 'capturebot-worker'])('let connections into %s only on its health and metrics port', (name) => {
    const rules = governing(root, name, 'Ingress').flatMap((p) => p.spec!.ingress ?? []);
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.flatMap((r) => r.ports ?? [{ port: 'every port' }]).map((p) => p.port)).toEqual(rules.map(() => 3000));
  });

  it.each(
    [
      { build: 'deploy/', objects: root },
      { build: 'the external-redis overlay', objects: overlay },
    ].flatMap((b) => ['capturebot-bot', 'capturebot-worker'].map((name) => ({ ...b, name }))),
  )(
    'let only the monitoring namespace read /metrics and /readyz of $name in $build',
    ({ objects, name }) => {
      const prometheus = { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' } };
      expect(ingressAdmits(objects, name, prometheus, 3000)).toBe(true);
      // Any other pod of the cluster, a compromised workload among them, and the pods next door.
      expect(ingressAdmits(objects, name, { namespace: 'ticket-generator', podLabels: { app: 'ticket-balancer' } }, 3000)).toBe(false);
      expect(ingressAdmits(objects, name, { namespace: 'capturebot-captures', podLabels: { 'app.kubernetes.io/managed-by': 'capturebot' } }, 3000)).toBe(false);
      expect(ingressAdmits(objects, name, { namespace: 'capturebot', podLabels: podLabels(objects, 'capturebot-redis') }, 3000)).toBe(false);
      expect(ingressAdmits(objects, name, prometheus, 6379)).toBe(false);
    },
  );

  it("serve Alertmanager's webhook through the bot's Service, on the port only the monitoring namespace reaches", () => {
    const service = root.find((o) => o.kind === 'Service' && o.metadata.name === 'capturebot-bot') as unknown as
      | { spec: { selector: Record<string, string>; ports: { port: number; targetPort: string }[] } }
      | undefined;
    expect(service).toBeDefined();
    expect(selects({ matchLabels: service!.spec.selector }, podLabels(root, 'capturebot-bot'))).toBe(true);
    expect(selects({ matchLabels: service!.spec.selector }, podLabels(root, 'capturebot-worker'))).toBe(false);
    expect(service!.spec.ports.map((p) => [p.port, p.targetPort])).toEqual([[3000, 'http']]);
    const alertmanager = { namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'alertmanager' } };
    expect(ingressAdmits(root, 'capturebot-bot', alertmanager, 3000)).toBe(true);
    expect(ingressAdmits(root, 'capturebot-bot', { namespace: 'default', podLabels: { 'app.kubernetes.io/name': 'alertmanager' } }, 3000)).toBe(false);
    const bot = root.find((o) => o.kind === 'Deployment' && o.metadata.name === 'capturebot-bot') as unknown as IDeployment;
    const token = bot.spec!.template.spec!.containers[0]!.env!.find((e) => e.name === 'ALERTMANAGER_TOKEN');
    // From a Secret, and optional: without it the endpoint is off and the bot still starts.
    expect(token?.valueFrom?.secretKeyRef).toEqual({ name: 'capturebot-alertmanager', key: 'token', optional: true });
  });

  it('let only the bot and the worker into Redis, and Redis out to nowhere', () => {
    const ingress = governing(root, 'capturebot-redis', 'Ingress').flatMap((p) => p.spec!.ingress ?? []);
    const from = ingress.flatMap((r) => r.from ?? [{ podSelector: {} }]);
    const admitted = ['capturebot-bot', 'capturebot-worker', 'capturebot-redis'].filter((name) =>
      from.some((peer) => peer.podSelector && !peer.namespaceSelector && selects(peer.podSelector, podLabels(root, name))),
    );
    expect(admitted).toEqual(['capturebot-bot', 'capturebot-worker']);
    expect(ingress.flatMap((r) => r.ports ?? []).map((p) => p.port)).toEqual([6379]);
    expect(egressOf(root, 'capturebot-redis')).toEqual(new Set());
  });
});

describe('the NetworkPolicies with the external-redis overlay', () => {
  it('let the bot and the worker reach Redis on its port wherever it runs, and nothing new', () => {
    expect(egressOf(overlay, 'capturebot-bot')).toEqual(new Set(['anywhere 6379/TCP', ...DNS, ...HTTPS]));
    expect(egressOf(overlay, 'capturebot-worker')).toEqual(new Set(['anywhere 6379/TCP', ...DNS, ...HTTPS, ...API_SERVER_6443]));
  });
});
