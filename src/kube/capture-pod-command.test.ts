import { describe, expect, it } from 'vitest';
import type { CaptureJob } from '../capture/capture-job.js';
import type { Driver } from '../capture/driver.js';
import { traceFileName } from '../capture/names.js';
import { captureCommand, tracePathInPod } from './capture-pod-command.js';
import { sampleJob } from './testdata/sample-job.js';

const job = sampleJob;

/** The argv the container actually runs: entrypoint-less command + args, or the image entrypoint's args. */
function argv(j: CaptureJob): string[] {
  const { command, args } = captureCommand(j);
  return [...(command ?? []), ...args];
}

describe('captureCommand', () => {
  it('runs sysdig directly with --modern-bpf for the modern-bpf driver', () => {
    const cmd = captureCommand(job({ driver: 'modern-bpf' }));
    expect(cmd.command).toEqual(['/usr/bin/sysdig']);
    expect(cmd.args[0]).toBe('--modern-bpf');
    expect(cmd.env).toBeUndefined();
  });

  it('keeps the image entrypoint (the kernel module loader) for kmod', () => {
    const cmd = captureCommand(job({ driver: 'kmod' }));
    expect(cmd.command).toBeUndefined();
    expect(cmd.args[0]).toBe('/usr/bin/sysdig');
    expect(cmd.args).not.toContain('--modern-bpf');
    expect(cmd.env).toBeUndefined();
  });

  it('keeps the entrypoint and sets SYSDIG_BPF_PROBE empty for ebpf', () => {
    const cmd = captureCommand(job({ driver: 'ebpf' }));
    expect(cmd.command).toBeUndefined();
    expect(cmd.args[0]).toBe('/usr/bin/sysdig');
    expect(cmd.env).toEqual([{ name: 'SYSDIG_BPF_PROBE', value: '' }]);
  });

  it.each<Driver>(['modern-bpf', 'kmod', 'ebpf'])('writes a gzip trace for the requested time and snaplen (%s)', (driver) => {
    const j = job({ driver, durationSeconds: 45, snaplen: 1024 });
    expect(argv(j).slice(-7)).toEqual(['-M', '45', '-z', '-s', '1024', '-w', `/captures/${traceFileName(j)}`]);
  });

  it.each([
    'proc.name=haproxy',
    'fd.port = 8080 and evt.type in (connect, accept)',
    `proc.name="my app" or proc.name='x'`,
    'proc.name=a; rm -rf /',
    '$(reboot) `id` && echo owned',
    '-w /host/etc/shadow',
    '--modern-bpf -M 99999',
  ])('passes the filter %j as exactly one last element, after --', (filter) => {
    for (const driver of ['modern-bpf', 'kmod', 'ebpf'] as const) {
      const args = argv(job({ driver, filter }));
      expect(args.at(-1)).toBe(filter);
      expect(args.at(-2)).toBe('--');
      expect(args.filter((a) => a.includes(filter))).toHaveLength(1);
      expect(args).not.toContain('sh');
      expect(args).not.toContain('-c');
    }
  });

  it('ends with the output path when there is no filter', () => {
    const j = job();
    expect(argv(j).at(-1)).toBe(tracePathInPod(j));
    expect(argv(j)).not.toContain('--');
  });

  it('puts the trace under /captures with the file name users download', () => {
    const j = job();
    expect(tracePathInPod(j)).toBe(
      '/captures/capture-ticket-balancer-5967c66fb4-qnzj6-20190214T110529Z-01J9Z8X7W6V5T4S3R2Q1P0NMKH.scap.gz',
    );
  });
});
