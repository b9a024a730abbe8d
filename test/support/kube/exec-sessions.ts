/** Open exec sessions per pod, so that killing a pod's containers ends them. */
export class ExecSessions {
  private readonly byPod = new Map<string, Set<() => void>>();

  /** Registers kill for the pod's session; returns the function that unregisters it. */
  add(namespace: string, pod: string, kill: () => void): () => void {
    const key = `${namespace}/${pod}`;
    const set = this.byPod.get(key) ?? new Set();
    set.add(kill);
    this.byPod.set(key, set);
    return () => {
      set.delete(kill);
      if (set.size === 0) this.byPod.delete(key);
    };
  }

  killPod(namespace: string, pod: string): void {
    for (const kill of this.byPod.get(`${namespace}/${pod}`) ?? []) kill();
  }

  killAll(): void {
    for (const set of this.byPod.values()) for (const kill of set) kill();
  }

  get open(): number {
    let n = 0;
    for (const set of this.byPod.values()) n += set.size;
    return n;
  }
}
