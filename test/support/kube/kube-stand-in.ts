import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { ApiServer } from './api-server.js';
import { defaultScenario } from './capture-scenario.js';
import { spawnHere } from './command-launcher.js';
import type { ScenarioChooser } from './capture-scenario.js';
import { ContainerLogs } from './container-logs.js';
import { ExecSessions } from './exec-sessions.js';
import { createExecUpgrade, EXEC_PROTOCOLS } from './exec-upgrade.js';
import { FaultInjector } from './faults.js';
import type { KubeObject, RequestRecord, WirePod } from './kube-types.js';
import type { KubeStandIn, KubeStandInOptions } from './kube-stand-in-api.js';
import { Kubelet } from './kubelet.js';
import { nodeInternalIP } from './kubelet-states.js';
import { kubeconfigYaml, writeKubeconfig } from './kubeconfig.js';
import { ObjectStore } from './object-store.js';
import { PodFilesystems } from './pod-filesystem.js';
import { renderPodStatus, seededRuntime } from './pod-status.js';
import { resourceTypeOfKind } from './request-info.js';
import { nodeObject, seedPodObject, serviceObject, workloadObject } from './seed-objects.js';

/**
 * Starts the stand-in on a free local port. Point the code under test at `kubeconfigPath`
 * (or `KUBECONFIG`); it talks to it with the unchanged @kubernetes/client-node:
 *
 *     const kube = await startKubeStandIn({ nodes: ['node-1'] });
 *     kube.addPod({ namespace: 'shop', name: 'web-1', nodeName: 'node-1' });
 *     kube.setScenario(() => ({ kind: 'trace', traceFile: fixturePath('balancer-502.scap') }));
 *     // … run the worker with KUBECONFIG=kube.kubeconfigPath …
 *     await kube.close();
 */
export async function startKubeStandIn(options: KubeStandInOptions = {}): Promise<KubeStandIn> {
  const token = randomBytes(16).toString('hex');
  const store = new ObjectStore({ historyLimit: options.historyLimit ?? 1000 });
  const logs = new ContainerLogs();
  const filesystems = new PodFilesystems();
  const sessions = new ExecSessions();
  const faults = new FaultInjector(options.user ?? 'system:serviceaccount:capturebot:capturebot');
  const requests: RequestRecord[] = [];
  const openWatches = new Set<ServerResponse>();
  let chooser: ScenarioChooser = options.scenario ?? defaultScenario;
  const kubelet = new Kubelet({
    store,
    filesystems,
    logs,
    scenario: () => chooser,
    timeScale: options.timeScale ?? 10,
    deadlineTimeScale: options.deadlineTimeScale ?? 1000,
    stepMs: options.kubeletStepMs ?? 2,
    onContainersKilled: (ns, name) => sessions.killPod(ns, name),
  });
  const execUpgrade = createExecUpgrade({
    store,
    filesystems,
    sessions,
    sysdigPath: options.sysdigPath ?? '/usr/bin/sysdig',
    launch: options.launchCommand ?? spawnHere,
    protocols: options.execProtocols ?? EXEC_PROTOCOLS,
    frameBytes: options.execFrameBytes ?? 32 * 1024,
    highWaterMark: 4 * 1024 * 1024,
  });
  const server = new ApiServer({
    token,
    faults,
    logs,
    execUpgrade,
    record: (r) => requests.push(r),
    rest: { store, openWatches, bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000, onPodCreated: (pod) => kubelet.admit(pod) },
  });
  await server.start();
  const url = `http://127.0.0.1:${server.listeningPort}`;
  const yaml = kubeconfigYaml(url, token);
  const kubeconfig = await writeKubeconfig(yaml);

  let seededIPs = 0;
  const addNode = (name: string): KubeObject => {
    const node = store.create('nodes', nodeObject(name, store.list('nodes').length));
    if (!node) throw new Error(`node ${name} already exists`);
    return node;
  };
  for (const name of options.nodes ?? ['node-1']) addNode(name);

  const findPod = (name: string, namespace?: string): WirePod => {
    const matches = (store.list('pods', namespace) as WirePod[]).filter((p) => p.metadata.name === name);
    if (matches.length !== 1 || !matches[0]) throw new Error(`expected one pod named ${name}, found ${matches.length}`);
    return matches[0];
  };

  return {
    url,
    kubeconfigPath: kubeconfig.path,
    kubeconfigYaml: yaml,
    requests,
    addNode,
    addPod(seed) {
      const pod = seedPodObject(seed);
      const node = store.get('nodes', undefined, seed.nodeName);
      seededIPs += 1;
      const runtime = seededRuntime(pod, seed.phase ?? 'Running', node ? nodeInternalIP(node) : '10.0.0.250', seed.podIP ?? `10.244.200.${seededIPs}`);
      for (const [container, id] of Object.entries(seed.containerIds ?? {})) {
        const rt = runtime.containers.get(container);
        if (!rt) throw new Error(`pod ${seed.name} has no container ${container}`);
        rt.containerID = id;
      }
      pod.status = renderPodStatus(pod, runtime);
      const created = store.create('pods', pod);
      if (!created) throw new Error(`pod ${seed.namespace}/${seed.name} already exists`);
      for (const [container, lines] of Object.entries(seed.logs ?? {})) logs.append(seed.namespace, seed.name, container, lines);
      return created as WirePod;
    },
    addService(seed) {
      const created = store.create('services', serviceObject(seed, `10.96.0.${store.list('services').length + 10}`));
      if (!created) throw new Error(`service ${seed.namespace}/${seed.name} already exists`);
      return created;
    },
    addWorkload(seed) {
      const type = resourceTypeOfKind(seed.kind);
      const created = type && store.create(type.resource, workloadObject(seed));
      if (!created) throw new Error(`${seed.kind} ${seed.namespace}/${seed.name} already exists`);
      return created;
    },
    updatePod(namespace, name, change) {
      const updated = store.update('pods', namespace, name, (o) => change(o as WirePod));
      if (!updated) throw new Error(`no pod ${namespace}/${name}`);
      return updated as WirePod;
    },
    setScenario: (choose) => {
      chooser = choose;
    },
    finishCapture(name, namespace) {
      const pod = findPod(name, namespace);
      kubelet.finishCapture(pod.metadata.namespace, pod.metadata.name);
    },
    pods: (namespace) => store.list('pods', namespace) as WirePod[],
    pod: (namespace, name) => store.get('pods', namespace, name) as WirePod | undefined,
    podDirectory: (namespace, name) => filesystems.peek(namespace, name),
    async hostPath(namespace, name, container, containerPath) {
      const pod = store.get('pods', namespace, name) as WirePod | undefined;
      if (!pod) throw new Error(`no pod ${namespace}/${name}`);
      return (await filesystems.view(pod, container)).resolve(containerPath);
    },
    clearRequests: () => {
      requests.length = 0;
    },
    failNext: (spec) => faults.failNext(spec),
    dropWatches: () => {
      for (const res of openWatches) res.socket?.destroy();
    },
    compactHistory: () => store.compact(),
    get openExecSessions() {
      return sessions.open;
    },
    stop: () => server.stop(),
    restart: () => server.start(),
    async close() {
      kubelet.close();
      sessions.killAll();
      await server.stop();
      await filesystems.removeAll();
      await kubeconfig.remove();
    },
  };
}
