import { describe, expect, it } from 'vitest';
import { captureJobSchema } from '../capture/capture-job.js';
import { signJob } from '../capture/job-signature.js';
import { Secret } from '../secret.js';
import { admitCaptureJob, signedPart, type JobAdmissionRules } from './job-admission.js';

const KEY = new Secret('unit-test-signing-key-0123456789abcdef');
const SIGNED_AT = new Date('2026-12-03T10:00:00.000Z');
const rules: JobAdmissionRules = {
  keys: [KEY],
  limits: { maxDurationSeconds: 300, maxSnaplen: 4096, drivers: ['modern-bpf'], captureNamespace: 'capturebot-captures' },
};
const job = captureJobSchema.parse({
  captureId: '01JABCDEFGHJKMNPQRSTVWXYZ0',
  pod: 'web-1',
  namespace: 'shop',
  durationSeconds: 30,
  snaplen: 80,
  driver: 'modern-bpf',
  requestedBy: 'U1',
  channel: 'C1',
  statusTs: '1700000000.000100',
  requestedAt: SIGNED_AT.toISOString(),
});
const signed = { ...job, signature: signJob([KEY], 'capture', signedPart(job), SIGNED_AT, 60_000) };
const later = new Date(SIGNED_AT.getTime() + 120_000);

describe('admitting a capture job', () => {
  it('admits a job the bot signed, before its deadline, and ignores the progress the worker writes', () => {
    expect(admitCaptureJob({ ...signed, progress: { waitingFor: 'a slot' } }, rules, SIGNED_AT)).toEqual({ admitted: true, job: signed });
  });

  it('refuses it after its deadline (as the bot\'s own job), unless an earlier attempt made its capture pod', () => {
    expect(admitCaptureJob(signed, rules, later)).toMatchObject({ admitted: false, signed: true, reason: expect.stringContaining('expired') });
    expect(admitCaptureJob({ ...signed, progress: { podCreated: true, node: 'n1' } }, rules, later)).toMatchObject({ admitted: true });
  });

  it('refuses malformed data without a job to report on', () => {
    const admission = admitCaptureJob({ captureId: 'nope' }, rules, SIGNED_AT);
    expect(admission).toMatchObject({ admitted: false, signed: false, reason: expect.stringContaining('invalid capture job data') });
    expect('job' in admission && admission.job).toBeFalsy();
  });

  it("refuses a signed job past the worker's own limits, as the bot's (its status message may say so)", () => {
    const kmod = captureJobSchema.parse({ ...job, driver: 'kmod' });
    const data = { ...kmod, signature: signJob([KEY], 'capture', signedPart(kmod), SIGNED_AT, 60_000) };
    expect(admitCaptureJob(data, rules, SIGNED_AT)).toMatchObject({ admitted: false, signed: true, reason: expect.stringContaining('CAPTURE_DRIVERS') });
  });

  describe('when clusters have names', () => {
    const forCluster = (cluster: string | undefined) => {
      const data = captureJobSchema.parse({ ...job, ...(cluster && { cluster }) });
      return { ...data, signature: signJob([KEY], 'capture', signedPart(data), SIGNED_AT, 60_000) };
    };

    it("admits a job for the worker's own cluster, and a job without one (queued before clusters had names) for the default", () => {
      expect(admitCaptureJob(forCluster('prod-eu'), { ...rules, cluster: 'prod-eu' }, SIGNED_AT)).toMatchObject({ admitted: true });
      expect(admitCaptureJob(forCluster(undefined), rules, SIGNED_AT)).toMatchObject({ admitted: true });
      expect(admitCaptureJob(forCluster('default'), rules, SIGNED_AT)).toMatchObject({ admitted: true });
    });

    it("refuses another cluster's job, naming both clusters", () => {
      expect(admitCaptureJob(forCluster('staging'), { ...rules, cluster: 'prod-eu' }, SIGNED_AT)).toMatchObject({
        admitted: false,
        signed: true,
        reason: 'the job is for cluster staging, and this worker serves cluster prod-eu',
      });
      expect(admitCaptureJob(forCluster(undefined), { ...rules, cluster: 'prod-eu' }, SIGNED_AT)).toMatchObject({ admitted: false });
    });

    it('refuses a job whose cluster was changed in Redis, as not signed', () => {
      const moved = { ...forCluster('staging'), cluster: 'prod-eu' };
      expect(admitCaptureJob(moved, { ...rules, cluster: 'prod-eu' }, SIGNED_AT)).toMatchObject({ admitted: false, signed: false, reason: expect.stringContaining('does not match') });
      const { cluster: _dropped, ...unnamed } = forCluster('staging');
      expect(admitCaptureJob(unnamed, rules, SIGNED_AT)).toMatchObject({ admitted: false, signed: false });
    });
  });
});
