import { describe, expect, it } from 'vitest';
import { findSysdigInvocation } from './sysdig-invocation.js';

describe('finding the sysdig invocation in a container', () => {
  it('reads -M and -w from command plus args', () => {
    const container = { command: ['/usr/bin/sysdig'], args: ['--modern-bpf', '-M', '30', '-z', '-s', '80', '-w', '/captures/x.scap.gz'] };
    expect(findSysdigInvocation(container)).toEqual({ seconds: 30, writePath: '/captures/x.scap.gz' });
  });

  it('finds sysdig behind an entrypoint in args, and joined or long option forms', () => {
    expect(findSysdigInvocation({ args: ['/usr/bin/sysdig', '-M15', '--write=/captures/y'] })).toEqual({ seconds: 15, writePath: '/captures/y' });
  });

  it('ignores option-like text after --, where the filter is', () => {
    const container = { command: ['sysdig'], args: ['-M', '5', '-w', '/captures/z', '--', '-w', '/elsewhere'] };
    expect(findSysdigInvocation(container)).toEqual({ seconds: 5, writePath: '/captures/z' });
  });

  it('is undefined for containers that do not run sysdig, and has no seconds without -M', () => {
    expect(findSysdigInvocation({ command: ['/bin/sh', '-c', 'sleep infinity'] })).toBeUndefined();
    expect(findSysdigInvocation({ command: ['sysdig'], args: ['-w', '/captures/a'] })).toEqual({ writePath: '/captures/a' });
  });
});
