import { describe, expect, it } from 'vitest';
import type { CaptureLimits } from './capture-spec.js';
import { parseCaptureCommand } from './grammar.js';
import { invalidCommandText } from '../slack/ack-messages.js';

const LIMITS: CaptureLimits = { minDurationSeconds: 1, maxDurationSeconds: 300, maxSnaplen: 4096, defaultDriver: 'modern-bpf' };
const parse = (text: string, defaults = {}) => parseCaptureCommand(text, LIMITS, defaults);

describe('--cluster NAME', () => {
  it('names the cluster of a capture, before or after the target, with a space or an =', () => {
    expect(parse('web-1 -n shop --cluster prod-eu')).toMatchObject({ kind: 'capture', spec: { pod: 'web-1', namespace: 'shop', cluster: 'prod-eu' } });
    expect(parse('--cluster=staging deploy/web -n shop 1m')).toMatchObject({ kind: 'capture', spec: { target: { kind: 'deployment' }, cluster: 'staging', durationSeconds: 60 } });
  });

  it('is left unset when not given, so the bot decides', () => {
    const parsed = parse('web-1 -n shop');
    expect(parsed.kind === 'capture' && 'cluster' in parsed.spec).toBe(false);
  });

  it('refuses a name that is not a DNS label as any bad option, in two lines, with the lowercase fix when that is all', () => {
    const upper = parse('web-1 --cluster Prod-EU');
    expect(upper).toEqual({
      kind: 'invalid',
      problem: "`Prod-EU` is not a cluster name: cluster names (each worker's CLUSTER_NAME) are lowercase letters, digits and `-`, at most 63.",
      corrected: 'web-1 --cluster prod-eu',
    });
    if (upper.kind !== 'invalid') return;
    expect(invalidCommandText(upper.problem, upper.corrected).split('\n')).toHaveLength(2);
    expect(parse('web-1 --cluster=prod_eu')).toMatchObject({ kind: 'invalid', problem: expect.stringContaining('`prod_eu` is not a cluster name') });
    expect(parse('web-1 --cluster=prod_eu')).not.toHaveProperty('corrected');
    expect(parse('web-1 --cluster')).toMatchObject({ kind: 'invalid', problem: '`--cluster` needs a cluster name after it.' });
    expect(parse('web-1 --cluster a --cluster=b')).toMatchObject({ kind: 'invalid', problem: expect.stringContaining('The cluster is given twice') });
  });

  it('is taken by status, list and cancel', () => {
    expect(parse('status --cluster prod-eu')).toEqual({ kind: 'status', cluster: 'prod-eu' });
    expect(parse('status 01JABCDEFGHJKMNPQRSTVWXYZ0 --cluster=prod-eu')).toEqual({ kind: 'status', captureId: '01JABCDEFGHJKMNPQRSTVWXYZ0', cluster: 'prod-eu' });
    expect(parse('list --cluster staging')).toEqual({ kind: 'list', cluster: 'staging' });
    expect(parse('cancel --cluster staging 01jabcdefghjkmnpqrstvwxyz0')).toEqual({ kind: 'cancel', captureId: '01JABCDEFGHJKMNPQRSTVWXYZ0', cluster: 'staging' });
    expect(parse('list')).toEqual({ kind: 'list' });
    expect(parse('list --cluster Bad!')).toMatchObject({ kind: 'invalid', problem: expect.stringContaining('is not a cluster name') });
    expect(parse('status --cluster')).toMatchObject({ kind: 'invalid', problem: '`--cluster` needs a cluster name after it.' });
  });
});

describe("the channel's defaults", () => {
  it('give the namespace and the cluster of a command that names neither', () => {
    expect(parse('web-1', { namespace: 'ticket-generator', cluster: 'prod-eu' })).toMatchObject({
      kind: 'capture',
      spec: { pod: 'web-1', namespace: 'ticket-generator', cluster: 'prod-eu' },
    });
  });

  it('yield to what the command says', () => {
    expect(parse('web-1 -n shop --cluster staging', { namespace: 'ticket-generator', cluster: 'prod-eu' })).toMatchObject({
      kind: 'capture',
      spec: { namespace: 'shop', cluster: 'staging' },
    });
    expect(parse('node/node-a', { namespace: 'ticket-generator' })).toMatchObject({ kind: 'capture', spec: { namespace: 'kube-system' } });
  });
});
