import { describe, expect, it } from 'vitest';
import { parseFileErrors, parseSyscallErrors } from './parse-errors.js';
import { savedOutput } from './testdata/outputs.js';

describe('parseSyscallErrors', () => {
  it('groups failures by syscall and errno, most first, with the processes that hit them', () => {
    expect(parseSyscallErrors(savedOutput('curl_google', 'syscall-errors'))).toEqual([
      { syscall: 'access', errno: 'ENOENT', count: 39, processes: [{ name: 'curl', count: 39 }] },
      { syscall: 'connect', errno: 'ENOENT', count: 2, processes: [{ name: 'curl', count: 2 }] },
      { syscall: 'open', errno: 'ENOENT', count: 1, processes: [{ name: 'curl', count: 1 }] },
    ]);
  });

  it('leaves out the EINPROGRESS of non-blocking connects', () => {
    // Each of haproxy's 20 backend connects returns EINPROGRESS; nothing else fails.
    expect(parseSyscallErrors(savedOutput('balancer-502', 'syscall-errors'))).toEqual([]);
  });
});

describe('parseFileErrors', () => {
  it('lists the files that failed, with a unix socket under its path', () => {
    expect(parseFileErrors(savedOutput('curl_google', 'file-errors'))).toEqual([
      { path: '/var/run/nscd/socket', count: 2, failures: [{ syscall: 'connect', errno: 'ENOENT', count: 2 }] },
      { path: '/home/ubuntu/.curlrc', count: 1, failures: [{ syscall: 'open', errno: 'ENOENT', count: 1 }] },
    ]);
  });
});
