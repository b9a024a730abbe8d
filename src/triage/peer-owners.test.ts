import { describe, expect, it } from 'vitest';
import type { PeerOwners } from './cluster-peer.js';
import { namePeers, unnamedPeerIps } from './peer-owners.js';
import { savedOutputs } from './testdata/outputs.js';
import { summariseTrace } from './triage-summary.js';

const SERVER = { kind: 'pod', name: 'ticket-server-56c75bf88b-nqpcs', namespace: 'ticket-generator' } as const;
const OWNERS: PeerOwners = new Map([
  ['10.40.3.4', SERVER],
  ['10.40.1.6', { kind: 'pod', name: 'ticket-balancer-5967c66fb4-qnzj6', namespace: 'ticket-generator' }],
  ['10.40.2.9', { kind: 'service', name: 'edge', namespace: 'ingress' }],
]);

describe('unnamedPeerIps', () => {
  it('asks only for the addresses no process of a pod was seen behind', () => {
    const whole = summariseTrace(savedOutputs('balancer-502'), { maxIoEvents: 30 });
    expect(unnamedPeerIps(whole.http)).toEqual(['10.40.2.9']);
  });

  it('asks for the backend too when the capture saw only haproxy', () => {
    const scoped = summariseTrace(savedOutputs('balancer-502-scoped'), { maxIoEvents: 30 });
    expect(unnamedPeerIps(scoped.http)).toEqual(['10.40.2.9', '10.40.3.4']);
  });
});

describe('namePeers, through summariseTrace', () => {
  const scoped = summariseTrace(savedOutputs('balancer-502-scoped'), { maxIoEvents: 30, peerOwners: OWNERS, namespace: 'ticket-generator' });
  const [errors, malformed] = scoped.http.anomalies;

  it('names the backend haproxy read the malformed header from, as a pod of the target namespace', () => {
    expect(malformed).toMatchObject({ kind: 'malformed-header', sender: { ip: '10.40.3.4', port: 8080, cluster: { kind: 'pod', name: SERVER.name } } });
    expect(malformed?.kind === 'malformed-header' && malformed.sender.cluster?.namespace).toBeUndefined();
    expect(errors?.kind === 'error-status' && errors.upstream?.server.cluster).toEqual({ kind: 'pod', name: SERVER.name });
  });

  it('keeps the namespace of an owner elsewhere, and leaves peers the trace names alone', () => {
    expect(errors).toMatchObject({ client: { ip: '10.40.2.9', cluster: { kind: 'service', name: 'edge', namespace: 'ingress' } } });
    expect(errors?.kind === 'error-status' && errors.server.cluster).toBeUndefined();
    expect(errors?.kind === 'error-status' && errors.server.process?.pod).toBe('ticket-balancer-5967c66fb4-qnzj6');
  });

  it('names the routes’ servers, and the next step says whose bytes to open', () => {
    expect(scoped.http.routes.map((route) => route.server.cluster?.name)).toContain(SERVER.name);
    expect(scoped.nextSteps[0]?.why).toBe('the bytes 10.40.3.4:8080 (pod ticket-server-56c75bf88b-nqpcs) sent while haproxy (10.40.1.6:80) answered 502');
  });

  it('changes nothing when the cluster named no one', () => {
    const plain = summariseTrace(savedOutputs('balancer-502-scoped'), { maxIoEvents: 30 });
    expect(namePeers(plain.http, new Map())).toBe(plain.http);
    expect(JSON.stringify(plain.http)).not.toContain('"cluster"');
  });
});
