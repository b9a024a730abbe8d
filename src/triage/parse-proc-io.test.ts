import { describe, expect, it } from 'vitest';
import { parseProcIo } from './parse-proc-io.js';
import { savedOutput } from './testdata/outputs.js';

describe('parseProcIo', () => {
  it('splits each process into network and file bytes, as topprocs_net and topprocs_file count them', () => {
    // `sysdig -r curl_google.scap -c topprocs_net` prints 11.40KB (11672 B), topprocs_file 31.36KB (32114 B).
    expect(parseProcIo(savedOutput('curl_google', 'proc-io'))).toEqual([{ name: 'curl', pid: 17497, networkBytes: 11672, fileBytes: 32114 }]);
  });

  it('ranks processes by all their bytes', () => {
    // topprocs_net on balancer-502: haproxy 9.86KB, python3 4.28KB.
    const processes = parseProcIo(savedOutput('balancer-502', 'proc-io'));
    expect(processes.map((process) => [process.name, process.networkBytes])).toEqual([['haproxy', 10100], ['python3', 4380]]);
  });
});
