import { deferred, sleep } from './abortable.js';
import type { Deferred } from './abortable.js';
import type { ContainerLogs } from './container-logs.js';
import { runCaptureContainer } from './capture-run.js';
import type { CaptureScenario, ScenarioChooser } from './capture-scenario.js';
import type { KubeObject, WirePod } from './kube-types.js';
import type { ObjectStore } from './object-store.js';
import type { PodFilesystems } from './pod-filesystem.js';
import { kubeTime, renderPodStatus } from './pod-status.js';
import type { ContainerRuntime, PodRuntime } from './pod-status.js';
import { findSysdigInvocation } from './sysdig-invocation.js';
import { imagePullFailure, nodeInternalIP, terminateAll, unschedulableMessage } from './kubelet-states.js';

export interface KubeletOptions {
  readonly store: ObjectStore;
  readonly filesystems: PodFilesystems;
  readonly logs: ContainerLogs;
  readonly scenario: () => ScenarioChooser;
  /** Real ms per captured second (sysdig's -M). */
  readonly timeScale: number;
  /** Real ms per second of activeDeadlineSeconds. */
  readonly deadlineTimeScale: number;
  /** Real ms between two status changes the kubelet makes. */
  readonly stepMs: number;
  /** Called when the pod's containers are killed (deadline, deletion): open execs end. */
  readonly onContainersKilled: (namespace: string, name: string) => void;
}

interface PodRun {
  readonly abort: AbortController;
  readonly finish: Deferred;
  readonly runtime: PodRuntime;
}

const key = (ns: string, name: string): string => `${ns}/${name}`;

/** The kubelet and scheduler in one: moves API-created pods through their phases. */
export class Kubelet {
  private readonly runs = new Map<string, PodRun>();
  private nextIP = 10;
  private readonly unsubscribe: () => void;

  constructor(private readonly o: KubeletOptions) {
    this.unsubscribe = o.store.subscribe((event) => {
      if (event.resource !== 'pods' || event.type !== 'DELETED') return;
      const { namespace = '', name } = event.object.metadata;
      this.stop(namespace, name);
      o.logs.removePod(namespace, name);
      void o.filesystems.remove(namespace, name);
    });
  }

  /** Starts playing a pod just created through the API. */
  admit(pod: WirePod): void {
    const run: PodRun = {
      abort: new AbortController(),
      finish: deferred(),
      runtime: { phase: 'Pending', scheduled: { status: 'True' }, sandboxReady: false, containers: new Map() },
    };
    this.runs.set(key(pod.metadata.namespace, pod.metadata.name), run);
    this.play(pod, run).catch((err: unknown) => {
      if (!run.abort.signal.aborted) throw err;
    });
  }

  /** Ends a capture now (scenario 'trace'); throws when the pod has no capture in progress. */
  finishCapture(namespace: string, name: string): void {
    const run = this.runs.get(key(namespace, name));
    if (!run) throw new Error(`no pod ${namespace}/${name} is being run by the kubelet`);
    run.finish.resolve();
  }

  /** Kills the pod's containers quietly, as when it is deleted. */
  stop(namespace: string, name: string): void {
    const run = this.runs.get(key(namespace, name));
    this.runs.delete(key(namespace, name));
    run?.abort.abort(new Error('pod deleted'));
    this.o.onContainersKilled(namespace, name);
  }

  close(): void {
    this.unsubscribe();
    for (const run of this.runs.values()) run.abort.abort(new Error('stand-in closed'));
    this.runs.clear();
  }

  private publish(pod: WirePod, run: PodRun): void {
    if (run.abort.signal.aborted) return;
    this.o.store.update('pods', pod.metadata.namespace, pod.metadata.name, (obj) => {
      obj.status = renderPodStatus(obj as WirePod, run.runtime, kubeTime());
    });
  }

  private async step(run: PodRun): Promise<void> {
    await sleep(this.o.stepMs, run.abort.signal);
  }

  private setState(run: PodRun, name: string, state: ContainerRuntime['state']): void {
    const current = run.runtime.containers.get(name);
    run.runtime.containers.set(name, { restartCount: current?.restartCount ?? 0, ...(current?.lastState ? { lastState: current.lastState } : {}), state });
  }

  private async play(pod: WirePod, run: PodRun): Promise<void> {
    const scenario = this.o.scenario()(pod);
    const rt = run.runtime;
    await this.step(run);
    const node = await this.schedule(pod, run, scenario);
    if (!node) return;
    Object.assign(rt, { hostIP: nodeInternalIP(node), podIP: this.allocateIP(), startTime: kubeTime(), sandboxReady: true });
    const spec = pod.spec ?? { containers: [] };
    const inits = spec.initContainers ?? [];
    for (const c of [...inits, ...spec.containers]) this.setState(run, c.name, { waiting: { reason: inits.length > 0 ? 'PodInitializing' : 'ContainerCreating' } });
    this.publish(pod, run);
    this.armDeadline(pod, run);
    const capture = inits.find((c) => findSysdigInvocation(c)) ?? inits[0] ?? spec.containers[0];
    const pullTarget = scenario.kind === 'image-pull-fails' ? (scenario.container ?? capture?.name) : undefined;
    for (const c of inits) {
      await this.step(run);
      if (c.name === pullTarget) return this.failImagePull(pod, run, c, scenario);
      const startedAt = kubeTime();
      this.setState(run, c.name, { running: { startedAt } });
      this.publish(pod, run);
      const exit = c === capture ? await this.runCapture(pod, run, c, scenario) : (await this.step(run), { exitCode: 0, logLines: [] });
      this.o.logs.append(pod.metadata.namespace, pod.metadata.name, c.name, exit.logLines);
      const reason = exit.exitCode === 0 ? 'Completed' : 'Error';
      this.setState(run, c.name, { terminated: { exitCode: exit.exitCode, reason, startedAt, finishedAt: kubeTime() } });
      if (exit.exitCode !== 0) return this.failInit(pod, run, c.name, spec.restartPolicy ?? 'Always');
      this.publish(pod, run);
    }
    await this.step(run);
    for (const c of spec.containers) {
      if (c.name === pullTarget) return this.failImagePull(pod, run, c, scenario);
      this.setState(run, c.name, { running: { startedAt: kubeTime() } });
    }
    rt.phase = 'Running';
    this.publish(pod, run);
  }

  private async schedule(pod: WirePod, run: PodRun, scenario: CaptureScenario): Promise<KubeObject | undefined> {
    const nodes = this.o.store.list('nodes');
    if (scenario.kind === 'unschedulable' || nodes.length === 0) {
      const message = scenario.kind === 'unschedulable' && scenario.message ? scenario.message : unschedulableMessage(nodes.length);
      run.runtime.scheduled = { status: 'False', reason: 'Unschedulable', message };
      this.publish(pod, run);
      return undefined;
    }
    const nodeName = pod.spec?.nodeName;
    if (nodeName === undefined) {
      const chosen = nodes[0] as KubeObject;
      this.o.store.update('pods', pod.metadata.namespace, pod.metadata.name, (obj) => {
        (obj as WirePod).spec = { containers: [], ...(obj as WirePod).spec, nodeName: chosen.metadata.name };
      });
      return chosen;
    }
    // A pod bound to a node that has no kubelet stays Pending, as on a real cluster.
    return nodes.find((n) => n.metadata.name === nodeName);
  }

  private async runCapture(pod: WirePod, run: PodRun, c: { name: string }, scenario: CaptureScenario) {
    const container = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].find((x) => x.name === c.name);
    return runCaptureContainer({
      scenario,
      invocation: container ? findSysdigInvocation(container) : undefined,
      view: await this.o.filesystems.view(pod, c.name),
      msPerSecond: this.o.timeScale,
      finished: run.finish.promise,
      signal: run.abort.signal,
    });
  }

  private async failImagePull(pod: WirePod, run: PodRun, c: { name: string; image?: string }, scenario: CaptureScenario): Promise<void> {
    const message = scenario.kind === 'image-pull-fails' ? scenario.message : undefined;
    const [pull, backOff] = imagePullFailure(c.image ?? '', message);
    this.setState(run, c.name, pull);
    this.publish(pod, run);
    await this.step(run);
    this.setState(run, c.name, backOff);
    this.publish(pod, run);
  }

  private failInit(pod: WirePod, run: PodRun, name: string, restartPolicy: string): void {
    const rt = run.runtime;
    if (restartPolicy === 'Never') {
      rt.phase = 'Failed';
    } else {
      const c = rt.containers.get(name) as ContainerRuntime;
      rt.containers.set(name, { state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 10s restarting failed container=${name} pod=${pod.metadata.name}` } }, lastState: c.state, restartCount: c.restartCount + 1 });
    }
    this.publish(pod, run);
  }

  private armDeadline(pod: WirePod, run: PodRun): void {
    const seconds = pod.spec?.activeDeadlineSeconds;
    if (seconds === undefined) return;
    void sleep(seconds * this.o.deadlineTimeScale, run.abort.signal).then(
      () => {
        const rt = run.runtime;
        if (rt.phase === 'Succeeded' || rt.phase === 'Failed') return;
        terminateAll(rt, kubeTime());
        Object.assign(rt, { phase: 'Failed', reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' });
        this.publish(pod, run);
        run.abort.abort(new Error('deadline exceeded'));
        this.o.onContainersKilled(pod.metadata.namespace, pod.metadata.name);
      },
      () => undefined,
    );
  }

  private allocateIP(): string {
    this.nextIP += 1;
    return `10.244.${Math.floor(this.nextIP / 250)}.${(this.nextIP % 250) + 2}`;
  }
}
