import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const KEY = 'config-test-signing-key-0123456789abcdef';
const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'shh', JOB_SIGNING_KEY: KEY };
const worker = { SLACK_BOT_TOKEN: 'xoxb-1', S3_BUCKET: 'traces', S3_REGION: 'eu-west-1', JOB_SIGNING_KEY: KEY };

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig('all', { ...base, ...worker });
    expect(config.common.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.common.QUEUE_PREFIX).toBe('capturebot');
    expect(config.common.PORT).toBe(3000);
    expect(config.bot?.limits).toEqual({ minDurationSeconds: 1, maxDurationSeconds: 300, maxSnaplen: 4096, defaultDriver: 'modern-bpf' });
    expect(config.worker?.CAPTURE_NAMESPACE).toBe('capturebot-captures');
    expect(config.worker?.CLUSTER_NAME).toBe('default');
    expect(config.worker?.CAPTURE_SIZE_LIMIT).toBe('2Gi');
    expect(config.worker?.WORKER_CONCURRENCY).toBe(5);
    expect(config.worker?.LINK_TTL).toBe(86_400);
    expect(config.worker?.S3_FORCE_PATH_STYLE).toBe(false);
    expect(config.bot?.APPROVAL_TTL).toBe(900);
    expect(config.bot?.CAPTUREBOT_POLICY).toBeUndefined();
    expect(config.common.AUDIT_CHANNEL).toBeUndefined();
    expect(config.common.SHUTDOWN_GRACE).toBe(25);
    expect(config.bot?.MAX_REQUESTS_PER_USER_PER_HOUR).toBe(10);
    expect(config.worker?.JANITOR_INTERVAL).toBe(60);
    expect(config.worker?.MAX_CAPTURES_PER_NODE).toBe(1);
    expect(config.worker?.MAX_CAPTURES).toBe(5);
    expect(config.worker?.MAX_NODES_PER_CAPTURE).toBe(5);
    expect(config.worker?.MAX_UPLOADS).toBe(4);
  });

  it('reads MAX_UPLOADS as a count of at least one upload', () => {
    expect(loadConfig('worker', { ...worker, MAX_UPLOADS: '1' }).worker?.MAX_UPLOADS).toBe(1);
    expect(() => loadConfig('worker', { ...worker, MAX_UPLOADS: '0' })).toThrow(new ConfigError('MAX_UPLOADS must be at least 1'));
  });

  it('reads MAX_NODES_PER_CAPTURE as a count, and names it when it is not one', () => {
    expect(loadConfig('worker', { ...worker, MAX_NODES_PER_CAPTURE: '2' }).worker?.MAX_NODES_PER_CAPTURE).toBe(2);
    expect(() => loadConfig('worker', { ...worker, MAX_NODES_PER_CAPTURE: '0' })).toThrow(new ConfigError('MAX_NODES_PER_CAPTURE must be at least 1'));
    expect(() => loadConfig('worker', { ...worker, MAX_NODES_PER_CAPTURE: 'all' })).toThrow(new ConfigError('MAX_NODES_PER_CAPTURE must be a whole number'));
  });

  it('reads the robustness settings: SHUTDOWN_GRACE and JANITOR_INTERVAL as durations, the limits as counts', () => {
    const env = { ...base, ...worker, SHUTDOWN_GRACE: '10s', JANITOR_INTERVAL: '2m', MAX_CAPTURES_PER_NODE: '2', MAX_CAPTURES: '8', MAX_REQUESTS_PER_USER_PER_HOUR: '3' };
    const config = loadConfig('all', env);
    expect(config.common.SHUTDOWN_GRACE).toBe(10);
    expect(config.worker?.JANITOR_INTERVAL).toBe(120);
    expect(config.worker?.MAX_CAPTURES_PER_NODE).toBe(2);
    expect(config.worker?.MAX_CAPTURES).toBe(8);
    expect(config.bot?.MAX_REQUESTS_PER_USER_PER_HOUR).toBe(3);
  });

  it('reads APPROVAL_TTL as a duration and AUDIT_CHANNEL as a channel id', () => {
    const config = loadConfig('bot', { ...base, APPROVAL_TTL: '2s', AUDIT_CHANNEL: 'C0AUDIT' });
    expect(config.bot?.APPROVAL_TTL).toBe(2);
    expect(config.common.AUDIT_CHANNEL).toBe('C0AUDIT');
  });

  it('checks only the settings the role uses', () => {
    expect(loadConfig('bot', base).worker).toBeUndefined();
    expect(loadConfig('worker', worker).bot).toBeUndefined();
  });

  it('keeps secrets out of printed config', () => {
    const printed = JSON.stringify(loadConfig('bot', base));
    expect(printed).not.toContain('xoxb-1');
    expect(printed).not.toContain('shh');
  });

  it.each([
    ['bot', {}, 'SLACK_BOT_TOKEN is required'],
    ['bot', { SLACK_BOT_TOKEN: 'xoxp-1', SLACK_SIGNING_SECRET: 's' }, 'SLACK_BOT_TOKEN must start with xoxb-'],
    ['bot', { SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET is required in HTTP mode'],
    ['bot', { ...base, SLACK_APP_TOKEN: 'xoxb-2' }, 'SLACK_APP_TOKEN must start with xapp-'],
    ['bot', { ...base, MAX_DURATION: 'forever' }, 'MAX_DURATION must be a duration'],
    ['bot', { ...base, MAX_SNAPLEN: '-1' }, 'MAX_SNAPLEN must be a whole number'],
    ['bot', { ...base, CAPTURE_DRIVER: 'bpf' }, 'CAPTURE_DRIVER'],
    ['bot', { ...base, REDIS_URL: 'localhost:6379' }, 'REDIS_URL must be a URL'],
    ['bot', { ...base, PORT: 'http' }, 'PORT must be a whole number'],
    ['bot', { ...base, APPROVAL_TTL: 'soon' }, 'APPROVAL_TTL must be a duration'],
    ['bot', { ...base, APPROVAL_TTL: '0s' }, 'APPROVAL_TTL must be between'],
    ['bot', { ...base, AUDIT_CHANNEL: '#audit' }, 'AUDIT_CHANNEL must be a Slack channel id'],
    ['worker', { SLACK_BOT_TOKEN: 'xoxb-1', S3_REGION: 'eu-west-1' }, 'S3_BUCKET is required'],
    ['worker', { ...worker, LINK_TTL: '8d' }, 'LINK_TTL must be between'],
    ['worker', { ...worker, LINK_TTL: '24 hours' }, 'LINK_TTL must be a duration'],
    ['worker', { ...worker, S3_FORCE_PATH_STYLE: 'maybe' }, 'S3_FORCE_PATH_STYLE must be true or false'],
    ['worker', { ...worker, CAPTURE_SIZE_LIMIT: 'lots' }, 'CAPTURE_SIZE_LIMIT must be a Kubernetes quantity'],
    ['worker', { ...worker, WORKER_CONCURRENCY: '0' }, 'WORKER_CONCURRENCY must be at least 1'],
    ['worker', { ...worker, CAPTURE_NAMESPACE: 'Captures' }, 'CAPTURE_NAMESPACE must be a namespace name'],
    ['worker', { ...worker, CLUSTER_NAME: 'Prod_EU' }, 'CLUSTER_NAME must be a DNS-1123 label like prod-eu'],
    ['bot', { ...base, SHUTDOWN_GRACE: 'a while' }, 'SHUTDOWN_GRACE must be a duration'],
    ['bot', { ...base, MAX_REQUESTS_PER_USER_PER_HOUR: '0' }, 'MAX_REQUESTS_PER_USER_PER_HOUR must be at least 1'],
    ['worker', { ...worker, JANITOR_INTERVAL: '0s' }, 'JANITOR_INTERVAL must be between'],
    ['worker', { ...worker, MAX_CAPTURES_PER_NODE: 'one' }, 'MAX_CAPTURES_PER_NODE must be a whole number'],
    ['worker', { ...worker, MAX_CAPTURES: '0' }, 'MAX_CAPTURES must be at least 1'],
    ['worker', { ...worker, S3_SSE: 'kms' }, 'S3_SSE must be AES256 or aws:kms'],
    ['worker', { ...worker, S3_SSE: 'aws:kms' }, 'S3_KMS_KEY_ID is required when S3_SSE is aws:kms'],
    ['worker', { ...worker, S3_SSE: 'AES256', S3_KMS_KEY_ID: 'alias/traces' }, 'S3_KMS_KEY_ID is set but S3_SSE is not aws:kms'],
    ['worker', { ...worker, S3_KMS_KEY_ID: 'key id with spaces' }, 'S3_KMS_KEY_ID must be a KMS key id'],
    ['worker', { ...worker, CAPTURE_IMAGE: 'docker.io/sysdig/sysdig' }, 'CAPTURE_IMAGE must name a tag or, better, a digest'],
    ['worker', { ...worker, CAPTURE_IMAGE: 'docker.io/sysdig/sysdig:0.40.1; sh' }, 'CAPTURE_IMAGE must be an image reference'],
    ['worker', { ...worker, CAPTURE_IMAGE: "docker.io/sysdig/sysdig:0.40.1'" }, 'CAPTURE_IMAGE must be an image reference'],
    ['worker', { ...worker, CAPTURE_IMAGE: 'docker.io/sysdig/sysdig@sha256:abc' }, 'CAPTURE_IMAGE must be an image reference'],
  ] as const)('role %s with %j fails naming the setting', (role, env, message) => {
    expect(() => loadConfig(role, env)).toThrow(ConfigError);
    expect(() => loadConfig(role, env)).toThrow(message);
  });

  it('reads server-side encryption and image references pinned by tag, digest or both, on a mirror with a port', () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    const kms = loadConfig('worker', { ...worker, S3_SSE: 'aws:kms', S3_KMS_KEY_ID: 'arn:aws:kms:eu-west-1:111122223333:alias/traces' }).worker;
    expect([kms?.S3_SSE, kms?.S3_KMS_KEY_ID]).toEqual(['aws:kms', 'arn:aws:kms:eu-west-1:111122223333:alias/traces']);
    expect(loadConfig('worker', worker).worker?.S3_SSE).toBeUndefined();
    for (const image of [`docker.io/sysdig/sysdig@${digest}`, `docker.io/sysdig/sysdig:0.40.1@${digest}`, 'registry.internal:5000/mirror/sysdig:0.40.1']) {
      expect(loadConfig('worker', { ...worker, CAPTURE_IMAGE: image }).worker?.CAPTURE_IMAGE).toBe(image);
    }
  });

  it('refuses more nodes per capture than captures in all, which would wait forever', () => {
    expect(() => loadConfig('worker', { ...worker, MAX_CAPTURES: '3', MAX_NODES_PER_CAPTURE: '4' })).toThrow(
      'MAX_NODES_PER_CAPTURE (4) must not exceed MAX_CAPTURES (3)',
    );
    expect(loadConfig('worker', { ...worker, MAX_CAPTURES: '4', MAX_NODES_PER_CAPTURE: '4' }).worker?.MAX_NODES_PER_CAPTURE).toBe(4);
  });

  it('accepts Socket Mode without a signing secret', () => {
    const config = loadConfig('bot', { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', JOB_SIGNING_KEY: KEY });
    expect(config.bot?.SLACK_APP_TOKEN?.reveal()).toBe('xapp-1');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig('bot', { ...base, REDIS_URL: '' }).common.REDIS_URL).toBe('redis://127.0.0.1:6379');
  });

  describe('the job signing key', () => {
    it('is required by every role, after the role\'s own settings', () => {
      const { JOB_SIGNING_KEY: _key, ...unkeyed } = worker;
      for (const role of ['bot', 'worker', 'all'] as const) {
        expect(() => loadConfig(role, { ...base, ...unkeyed, JOB_SIGNING_KEY: '' })).toThrow(new ConfigError('JOB_SIGNING_KEY is required (or JOB_SIGNING_KEY_FILE): the bot signs capture jobs with it and the workers run only jobs it signed'));
      }
      expect(() => loadConfig('worker', { SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow('S3_BUCKET is required');
    });

    it('reads a list, the first key signing, and never prints one', () => {
      const other = 'an-older-key-still-accepted-0123456789abc';
      const config = loadConfig('bot', { ...base, JOB_SIGNING_KEY: `${KEY}, ${other}` });
      expect(config.common.jobSigningKeys.map((k) => k.reveal())).toEqual([KEY, other]);
      expect(JSON.stringify(config)).not.toContain(KEY);
    });

    it('refuses a short key, naming the setting but not the key', () => {
      const error = (() => {
        try {
          loadConfig('bot', { ...base, JOB_SIGNING_KEY: 'short-key' });
        } catch (caught) {
          return caught as Error;
        }
        throw new Error('accepted a short key');
      })();
      expect(error.message).toBe('JOB_SIGNING_KEY each key must be at least 32 characters (e.g. openssl rand -hex 32)');
      expect(error.message).not.toContain('short-key');
    });

    it('reads JOB_SIGNING_KEY_FILE, one key a line, and names a file it cannot read', () => {
      const dir = mkdtempSync(join(tmpdir(), 'capturebot-key-'));
      const file = join(dir, 'keys');
      writeFileSync(file, `${KEY}\n`);
      const { JOB_SIGNING_KEY: _key, ...unkeyed } = base;
      expect(loadConfig('bot', { ...unkeyed, JOB_SIGNING_KEY_FILE: file }).common.jobSigningKeys.map((k) => k.reveal())).toEqual([KEY]);
      expect(() => loadConfig('bot', { ...unkeyed, JOB_SIGNING_KEY_FILE: `${file}.gone` })).toThrow(`JOB_SIGNING_KEY_FILE ${file}.gone cannot be read: ENOENT`);
      expect(() => loadConfig('bot', { ...base, JOB_SIGNING_KEY_FILE: file })).toThrow('JOB_SIGNING_KEY and JOB_SIGNING_KEY_FILE are both set');
      rmSync(dir, { recursive: true });
    });
  });

  it('reads CAPTURE_DRIVERS as a list of known drivers, and refuses a default driver outside it', () => {
    expect(loadConfig('worker', worker).worker?.CAPTURE_DRIVERS).toEqual(['modern-bpf', 'ebpf', 'kmod']);
    expect(loadConfig('worker', { ...worker, CAPTURE_DRIVERS: 'modern-bpf, ebpf' }).worker?.CAPTURE_DRIVERS).toEqual(['modern-bpf', 'ebpf']);
    expect(() => loadConfig('worker', { ...worker, CAPTURE_DRIVERS: 'modern-bpf,strace' })).toThrow('CAPTURE_DRIVERS must list drivers among modern-bpf, ebpf, kmod');
    expect(() => loadConfig('all', { ...base, ...worker, CAPTURE_DRIVERS: 'ebpf' })).toThrow('CAPTURE_DRIVER modern-bpf is not among CAPTURE_DRIVERS (ebpf)');
  });

  it('reads MAX_DURATION and MAX_SNAPLEN in every role: the worker enforces them too', () => {
    const config = loadConfig('worker', { ...worker, MAX_DURATION: '2m', MAX_SNAPLEN: '128' });
    expect([config.common.MAX_DURATION, config.common.MAX_SNAPLEN]).toEqual([120, 128]);
  });
});
