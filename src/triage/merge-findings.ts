import type { HttpAnomaly, PeerRef } from './http-anomaly.js';
import type { HttpRoute } from './http-findings.js';
import type { NextStep } from './next-steps.js';

/**
 * Findings of several nodes' traces made one list each: a finding two nodes
 * both showed becomes one entry whose seenOn says where and how often, so a
 * wide capture's summary never repeats a line without saying where it came from.
 */

interface FromNode<T> {
  readonly node: string;
  readonly items: readonly T[];
}

const byCount = (a: { count: number }, b: { count: number }) => b.count - a.count;

/** A peer as a reader tells it apart: pids are node-local and say nothing across nodes. */
function peerId(peer: PeerRef): string {
  return [peer.ip, peer.port ?? '', peer.process?.name ?? '', peer.process?.pod ?? '', peer.cluster?.kind ?? '', peer.cluster?.name ?? ''].join('|');
}

function anomalyKey(anomaly: HttpAnomaly): string {
  const request = [anomaly.method ?? '', anomaly.host ?? '', anomaly.path ?? ''].join(' ');
  if (anomaly.kind === 'error-status') {
    const upstream = anomaly.upstream ? `${peerId(anomaly.upstream.server)} ${anomaly.upstream.status ?? ''} ${anomaly.upstream.problems.join(',')}` : '';
    return ['status', anomaly.status, anomaly.reason, request, peerId(anomaly.server), peerId(anomaly.client), upstream].join('\n');
  }
  return ['malformed', anomaly.kind, anomaly.message, request, peerId(anomaly.sender), anomaly.quote].join('\n');
}

function mergeTwo(a: HttpAnomaly, b: HttpAnomaly): HttpAnomaly {
  if (a.kind === 'error-status' && b.kind === 'error-status') {
    const upstream = a.upstream && b.upstream ? { ...a.upstream, count: a.upstream.count + b.upstream.count } : (a.upstream ?? b.upstream);
    return { ...a, count: a.count + b.count, ...(upstream ? { upstream } : {}) };
  }
  if (a.kind !== 'error-status' && b.kind !== 'error-status') {
    const receivers = new Map([...a.receivers, ...b.receivers].map((peer) => [peerId(peer), peer]));
    return { ...a, count: a.count + b.count, receivers: [...receivers.values()], cutAtSnaplen: a.cutAtSnaplen || b.cutAtSnaplen };
  }
  return a;
}

/** 5xx answers, then malformed messages, then 4xx answers: the order summariseHttp uses. */
function anomalyRank(anomaly: HttpAnomaly): number {
  if (anomaly.kind !== 'error-status') return 1;
  return anomaly.status >= 500 ? 0 : 2;
}

/** Items with the same key on several nodes become one, counted together, with seenOn set. */
function mergeByKey<T extends { count: number; seenOn?: readonly { node: string; count: number }[] }>(
  nodes: readonly FromNode<T>[],
  key: (item: T) => string,
  merge: (a: T, b: T) => T,
): T[] {
  const groups = new Map<string, T>();
  for (const { node, items } of nodes) {
    for (const item of items) {
      const id = key(item);
      const seen = groups.get(id);
      const here = { node, count: item.count };
      groups.set(id, seen ? { ...merge(seen, item), seenOn: [...(seen.seenOn ?? []), here] } : { ...item, seenOn: [here] });
    }
  }
  return [...groups.values()];
}

export function mergeAnomalies(nodes: readonly FromNode<HttpAnomaly>[]): HttpAnomaly[] {
  return mergeByKey(nodes, anomalyKey, mergeTwo).sort((a, b) => anomalyRank(a) - anomalyRank(b) || b.count - a.count);
}

function mergeRoute(a: HttpRoute, b: HttpRoute): HttpRoute {
  const byStatus: Record<string, number> = { ...a.byStatus };
  for (const [status, count] of Object.entries(b.byStatus)) byStatus[status] = (byStatus[status] ?? 0) + count;
  const latencies = [a, b].flatMap((route) => (route.latencyMs ? [{ ...route.latencyMs, count: route.count }] : []));
  const weight = latencies.reduce((sum, l) => sum + l.count, 0);
  const latencyMs = latencies.length === 0 ? undefined : {
    average: Math.round((latencies.reduce((sum, l) => sum + l.average * l.count, 0) / weight) * 1000) / 1000,
    max: Math.max(...latencies.map((l) => l.max)),
  };
  return { ...a, count: a.count + b.count, byStatus, ...(latencyMs ? { latencyMs } : {}) };
}

export function mergeRoutes(nodes: readonly FromNode<HttpRoute>[], maxRoutes: number): HttpRoute[] {
  const key = (route: HttpRoute) => [peerId(route.server), route.method ?? '', route.host ?? '', route.path ?? ''].join('\n');
  return mergeByKey(nodes, key, mergeRoute).sort(byCount).slice(0, maxRoutes);
}

/**
 * The first step of each node, then the second of each, and so on; each names
 * its node, and a step another node repeats (same view of the same peers)
 * names that node too instead of coming twice.
 */
export function mergeNextSteps(nodes: readonly FromNode<NextStep>[], maxSteps: number): NextStep[] {
  const longest = Math.max(0, ...nodes.map((node) => node.items.length));
  const steps: NextStep[] = [];
  for (let i = 0; i < longest; i += 1) {
    for (const { node, items } of nodes) {
      const step = items[i];
      if (!step) continue;
      const same = steps.findIndex((other) => other.why === step.why && other.filter === step.filter);
      const existing = steps[same];
      if (existing) steps[same] = { ...existing, alsoOn: [...(existing.alsoOn ?? []), node] };
      else steps.push({ ...step, node });
    }
  }
  return steps.slice(0, maxSteps);
}
