import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';

const NAME = 'kube-stand-in';

/** A kubeconfig for a plain-http API server: client-node accepts http only with insecure-skip-tls-verify. */
export function kubeconfigYaml(server: string, token: string, namespace = 'default'): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: NAME, cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: NAME, user: { token } }],
    contexts: [{ name: NAME, context: { cluster: NAME, user: NAME, namespace } }],
    'current-context': NAME,
  });
}

/** Writes yaml to a fresh temporary file; returns its path and a function that deletes it. */
export async function writeKubeconfig(yaml: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'kube-stand-in-config-'));
  const file = path.join(dir, 'kubeconfig');
  await writeFile(file, yaml, { mode: 0o600 });
  return { path: file, remove: () => rm(dir, { recursive: true, force: true }) };
}
