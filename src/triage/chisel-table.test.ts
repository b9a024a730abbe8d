import { describe, expect, it } from 'vitest';
import { ChiselOutputError, parseChiselTable } from './chisel-table.js';
import { savedOutput } from './testdata/outputs.js';

describe('parseChiselTable', () => {
  it('reads rows by position: keys first, the value last', () => {
    const rows = parseChiselTable(savedOutput('curl_google', 'proc-io'), 3);
    expect(rows).toContainEqual({ keys: ['curl', '17497', 'ipv6'], value: 11672 });
  });

  it('reads an empty table', () => {
    expect(parseChiselTable(savedOutput('balancer-502', 'syscall-errors'), 3)).toEqual([]);
  });

  it('refuses the text sysdig prints when it could not read the trace', () => {
    const failed = 'Bytes               Proto               Conn                \n' + '-'.repeat(80) + '\n';
    expect(() => parseChiselTable(failed, 2)).toThrow(ChiselOutputError);
    expect(() => parseChiselTable('', 2)).toThrow(/empty output/);
  });

  it('refuses rows with another number of keys than the command asked for', () => {
    expect(() => parseChiselTable(savedOutput('curl_google', 'proc-io'), 2)).toThrow(/unexpected row/);
  });
});
