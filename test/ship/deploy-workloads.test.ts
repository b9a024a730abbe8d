import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { describe, expect, it } from 'vitest';
import { kustomizeBuild, type Manifest } from '../support/kustomize.js';
import { REPO_ROOT } from '../support/repo-root.js';

const DEPLOY = join(REPO_ROOT, 'deploy');
const { objects } = kustomizeBuild(DEPLOY);
const overlay = kustomizeBuild(join(DEPLOY, 'overlays/external-redis')).objects;
const packageVersion = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const deployments = (from: readonly Manifest[]) => from.filter((o) => o.kind === 'Deployment') as unknown as (IDeployment & Manifest)[];
const deployment = (name: string) => deployments(objects).find((d) => d.metadata.name === name)!;
const podSpec = (d: IDeployment) => d.spec!.template.spec!;
const containers = (d: IDeployment): IContainer[] => [...(podSpec(d).initContainers ?? []), ...podSpec(d).containers];
const allDeployments = [...deployments(objects), ...deployments(overlay)];

describe.each(allDeployments.map((d) => [d.metadata.name, d] as const))('Deployment %s', (_name, d) => {
  it('runs as a non-root user with the runtime default seccomp profile', () => {
    const pod = podSpec(d).securityContext;
    expect(pod?.runAsNonRoot).toBe(true);
    expect(pod?.runAsUser).toBeGreaterThan(0);
    expect(pod?.seccompProfile?.type).toBe('RuntimeDefault');
  });

  it('gives every container a read-only root filesystem, no privilege escalation and no capabilities', () => {
    for (const c of containers(d)) {
      expect(c.securityContext?.readOnlyRootFilesystem, c.name).toBe(true);
      expect(c.securityContext?.allowPrivilegeEscalation, c.name).toBe(false);
      expect(c.securityContext?.privileged ?? false, c.name).toBe(false);
      expect(c.securityContext?.capabilities?.drop, c.name).toEqual(['ALL']);
      expect(c.securityContext?.capabilities?.add ?? [], c.name).toEqual([]);
    }
  });

  it('asks for CPU and memory and caps its memory', () => {
    for (const c of containers(d)) {
      expect(c.resources?.requests?.['cpu'], c.name).toBeDefined();
      expect(c.resources?.requests?.['memory'], c.name).toBeDefined();
      expect(c.resources?.limits?.['memory'], c.name).toBeDefined();
    }
  });

  it('has liveness and readiness probes on a port the container opens', () => {
    for (const c of podSpec(d).containers) {
      for (const probe of [c.livenessProbe, c.readinessProbe]) {
        expect(probe, c.name).toBeDefined();
        const port = probe!.httpGet?.port ?? probe!.tcpSocket?.port;
        if (port === undefined) continue; // an exec probe runs inside the container
        const opened = (c.ports ?? []).some((p) => p.containerPort === port || p.name === port);
        expect(opened, `${c.name} opens port ${port}`).toBe(true);
      }
    }
  });

  it('pins its image to a version', () => {
    for (const c of containers(d)) {
      expect(c.image, c.name).toMatch(/:(\d+)\.(\d+)\.(\d+)(-[\w.-]+)?(@sha256:[0-9a-f]{64})?$|@sha256:[0-9a-f]{64}$/);
    }
  });
});

describe('the capturebot Deployments', () => {
  it.each([
    ['capturebot-bot', 'bot', 1],
    ['capturebot-worker', 'worker', 2],
  ] as const)('%s runs the image with the role %s, %d replica(s)', (name, role, replicas) => {
    const d = deployment(name);
    expect(d.spec?.replicas).toBe(replicas);
    const [app] = podSpec(d).containers;
    expect(podSpec(d).containers).toHaveLength(1);
    expect(app!.command).toBeUndefined();
    expect(app!.args).toEqual([role]);
    expect(app!.image).toBe(`ghcr.io/example/capturebot:${packageVersion}`);
  });

  it('probes /healthz for liveness and /readyz for readiness on PORT', () => {
    for (const d of [deployment('capturebot-bot'), deployment('capturebot-worker')]) {
      const [app] = podSpec(d).containers;
      const port = app!.env?.find((e) => e.name === 'PORT')?.value;
      const http = app!.ports?.find((p) => p.name === app!.livenessProbe?.httpGet?.port);
      expect(String(http?.containerPort)).toBe(port);
      expect(app!.livenessProbe?.httpGet?.path).toBe('/healthz');
      expect(app!.readinessProbe?.httpGet?.path).toBe('/readyz');
    }
  });

  it('runs the worker as the worker service account and the bot without any API token', () => {
    expect(podSpec(deployment('capturebot-worker')).serviceAccountName).toBe('capturebot-worker');
    const bot = podSpec(deployment('capturebot-bot'));
    expect(bot.serviceAccountName).toBe('capturebot-bot');
    expect(bot.automountServiceAccountToken).toBe(false);
    const botAccount = objects.find((o) => o.kind === 'ServiceAccount' && o.metadata.name === 'capturebot-bot');
    expect(botAccount?.['automountServiceAccountToken']).toBe(false);
  });

  it('runs a single Redis in the default install and none with the external-redis overlay', () => {
    expect(deployment('capturebot-redis').spec?.replicas).toBe(1);
    expect(overlay.filter((o) => o.metadata.name === 'capturebot-redis')).toEqual([]);
  });
});
