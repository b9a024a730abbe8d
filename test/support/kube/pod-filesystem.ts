import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { WirePod } from './kube-types.js';

/** A container's view of its pod's disk: which host path backs a path inside the container. */
export interface ContainerView {
  /** The host path behind an absolute (or /-relative) path inside the container. */
  resolve(containerPath: string): string;
  /** argv element with a path under a volume mount rewritten to the host path; other text unchanged. */
  mapArgument(arg: string): string;
}

interface Mount {
  readonly mountPath: string;
  readonly hostDir: string;
}

function mountsOf(pod: WirePod, root: string, containerName: string): Mount[] {
  const spec = pod.spec;
  const container = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].find((c) => c.name === containerName);
  const volumes = new Map((spec?.volumes ?? []).map((v) => [v.name, v]));
  const mounts: Mount[] = [];
  for (const m of container?.volumeMounts ?? []) {
    const volume = volumes.get(m.name);
    if (!volume) continue;
    // emptyDirs are shared by the pod's containers; anything else (hostPath, configMap…) gets its own empty directory.
    const base = volume.emptyDir ? path.join(root, 'volumes', m.name) : path.join(root, 'other-volumes', m.name);
    mounts.push({ mountPath: path.posix.normalize(m.mountPath).replace(/\/$/, ''), hostDir: path.join(base, m.subPath ?? '') });
  }
  // Longest mount path first, as the kernel resolves nested mounts.
  return mounts.sort((a, b) => b.mountPath.length - a.mountPath.length);
}

function under(inner: string, mountPath: string): string | undefined {
  if (inner === mountPath) return '';
  return inner.startsWith(`${mountPath}/`) ? inner.slice(mountPath.length + 1) : undefined;
}

/** Per-pod temporary directories standing in for the pods' volumes and container root filesystems. */
export class PodFilesystems {
  // Promises, so that a removal racing a creation still finds (and deletes) the directory.
  private readonly roots = new Map<string, Promise<string>>();
  private readonly made = new Map<string, string>();
  private closed = false;

  constructor(private readonly baseDir: string = tmpdir()) {}

  /** The pod's directory, created on first use. */
  rootOf(pod: WirePod): Promise<string> {
    if (this.closed) return Promise.reject(new Error('pod filesystems are closed'));
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const existing = this.roots.get(key);
    if (existing) return existing;
    const created = this.create(pod).then((root) => {
      if (this.roots.get(key) === created) this.made.set(key, root);
      return root;
    });
    this.roots.set(key, created);
    return created;
  }

  private async create(pod: WirePod): Promise<string> {
    const root = await mkdtemp(path.join(this.baseDir, `kube-stand-in-${pod.metadata.name}-`));
    for (const v of pod.spec?.volumes ?? []) if (v.emptyDir) await mkdir(path.join(root, 'volumes', v.name), { recursive: true });
    return root;
  }

  /** The existing directory of a pod, if it has one. */
  peek(namespace: string, name: string): string | undefined {
    return this.made.get(`${namespace}/${name}`);
  }

  async view(pod: WirePod, containerName: string): Promise<ContainerView> {
    const root = await this.rootOf(pod);
    const mounts = mountsOf(pod, root, containerName);
    const rootfs = path.join(root, 'containers', containerName, 'rootfs');
    const resolve = (containerPath: string): string => {
      // Normalising an absolute path drops every `..`, so nothing resolves outside the pod's directory.
      const inner = path.posix.normalize(`/${containerPath}`).replace(/\/$/, '') || '/';
      for (const m of mounts) {
        const rest = under(inner, m.mountPath);
        if (rest !== undefined) return path.join(m.hostDir, rest);
      }
      return path.join(rootfs, inner);
    };
    const mapArgument = (arg: string): string => {
      if (!arg.startsWith('/')) return arg;
      const inner = path.posix.normalize(arg);
      return mounts.some((m) => under(inner, m.mountPath) !== undefined) ? resolve(inner) : arg;
    };
    return { resolve, mapArgument };
  }

  async remove(namespace: string, name: string): Promise<void> {
    const key = `${namespace}/${name}`;
    const root = this.roots.get(key);
    this.roots.delete(key);
    this.made.delete(key);
    const dir = await root?.catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true });
  }

  /** Removes every pod's directory; no new ones are made afterwards. */
  async removeAll(): Promise<void> {
    this.closed = true;
    const keys = [...this.roots.keys()];
    await Promise.all(keys.map((k) => this.remove(k.split('/')[0] ?? '', k.split('/')[1] ?? '')));
  }
}
