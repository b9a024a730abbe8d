import type { V1Pod, V1Service } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { indexOwners } from './peer-owner-index.js';

const pod = (name: string, ip: string, extra: { phase?: string; hostNetwork?: boolean; ips?: string[] } = {}): V1Pod => ({
  metadata: { name, namespace: 'shop' },
  spec: { containers: [], ...(extra.hostNetwork ? { hostNetwork: true } : {}) },
  status: { phase: extra.phase ?? 'Running', podIP: ip, podIPs: [ip, ...(extra.ips ?? [])].map((value) => ({ ip: value })) },
});
const service = (name: string, clusterIP: string): V1Service => ({ metadata: { name, namespace: 'shop' }, spec: { clusterIP, ...(clusterIP === 'None' ? {} : { clusterIPs: [clusterIP] }) } });

describe('indexOwners', () => {
  const wanted = new Set(['10.1.0.1', 'fd00::1', '10.0.0.10', '10.1.0.9', '10.96.0.5', '10.1.0.7']);

  it('names a running pod by each of its pod IPs and a Service by its cluster IP', () => {
    const owners = indexOwners([pod('web-0', '10.1.0.1', { ips: ['fd00::1'] })], [service('web', '10.96.0.5')], wanted);
    expect(Object.fromEntries(owners)).toEqual({
      '10.1.0.1': { kind: 'pod', name: 'web-0', namespace: 'shop' },
      'fd00::1': { kind: 'pod', name: 'web-0', namespace: 'shop' },
      '10.96.0.5': { kind: 'service', name: 'web', namespace: 'shop' },
    });
  });

  it('names no one for a host-network address, a finished pod’s old IP, a headless Service or an address two pods claim', () => {
    const pods = [
      pod('node-exporter', '10.0.0.10', { hostNetwork: true }),
      pod('job-done', '10.1.0.9', { phase: 'Succeeded' }),
      pod('a', '10.1.0.7'),
      pod('b', '10.1.0.7'),
    ];
    expect(indexOwners(pods, [service('db', 'None')], wanted).size).toBe(0);
  });

  it('keeps only the addresses asked for', () => {
    expect([...indexOwners([pod('web-0', '10.1.0.1'), pod('web-1', '10.1.0.2')], [], new Set(['10.1.0.2'])).keys()]).toEqual(['10.1.0.2']);
  });
});
