/** What each container has written to its log, served by pods/log. */
export class ContainerLogs {
  private readonly logs = new Map<string, string[]>();

  private static key(namespace: string, pod: string, container: string): string {
    return `${namespace}/${pod}/${container}`;
  }

  append(namespace: string, pod: string, container: string, lines: readonly string[]): void {
    const key = ContainerLogs.key(namespace, pod, container);
    this.logs.set(key, [...(this.logs.get(key) ?? []), ...lines]);
  }

  lines(namespace: string, pod: string, container: string): readonly string[] {
    return this.logs.get(ContainerLogs.key(namespace, pod, container)) ?? [];
  }

  removePod(namespace: string, pod: string): void {
    const prefix = `${namespace}/${pod}/`;
    for (const key of [...this.logs.keys()]) if (key.startsWith(prefix)) this.logs.delete(key);
  }
}
