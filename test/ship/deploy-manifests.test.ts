import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaProblems } from '../support/kube-validate.js';
import { kustomizeBuild, type Manifest } from '../support/kustomize.js';
import { REPO_ROOT } from '../support/repo-root.js';

const DEPLOY = join(REPO_ROOT, 'deploy');
const BUILDS = {
  'deploy/': DEPLOY,
  'deploy/overlays/external-redis': join(DEPLOY, 'overlays/external-redis'),
  'deploy/overlays/remote-worker': join(DEPLOY, 'overlays/remote-worker'),
};
const builds = Object.entries(BUILDS).map(([name, dir]) => ({ name, ...kustomizeBuild(dir) }));
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

describe.each(builds)('kustomize build $name', ({ objects }) => {
  it('validates every object against the Kubernetes OpenAPI schemas', () => {
    expect(objects.length).toBeGreaterThan(0);
    const problems = objects.flatMap((o) => schemaProblems(o).map((p) => `${o.kind} ${o.metadata.name}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('names the namespace of every namespaced object, since the kustomization sets none', () => {
    const unplaced = objects.filter((o) => !CLUSTER_SCOPED.has(o.kind) && !o.metadata.namespace).map((o) => `${o.kind} ${o.metadata.name}`);
    expect(unplaced).toEqual([]);
    const placed = new Set(objects.flatMap((o) => (o.metadata.namespace ? [o.metadata.namespace] : [])));
    const declared = new Set(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
    expect(new Set([...placed].filter((ns) => !declared.has(ns)))).toEqual(new Set());
  });

  it('creates the bot namespace under the restricted Pod Security profile', () => {
    const ns = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === 'capturebot');
    expect(ns?.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('labels the capture namespace privileged and runs nothing else there', () => {
    const ns = objects.find((o) => o.kind === 'Namespace' && o.metadata.name === 'capturebot-captures');
    expect(ns?.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('privileged');
    const inside = objects.filter((o: Manifest) => o.metadata.namespace === 'capturebot-captures').map((o) => o.kind);
    expect(new Set(inside)).toEqual(new Set(['Role', 'RoleBinding']));
  });
});

describe('deploy/', () => {
  it('uses every YAML file it holds in some build', () => {
    const used = new Set(builds.flatMap((b) => [...b.files]));
    const unused = yamlFiles(DEPLOY).filter((file) => !used.has(file)).map((file) => relative(REPO_ROOT, file));
    expect(unused).toEqual([]);
  });

  it('commits no Secret: the tokens are created by hand', () => {
    expect(builds.flatMap((b) => b.objects).filter((o) => o.kind === 'Secret')).toEqual([]);
  });
});
