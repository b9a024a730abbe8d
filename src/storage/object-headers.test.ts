import { describe, expect, it } from 'vitest';
import { asciiHeaderValue, attachmentDisposition } from './object-headers.js';

describe('attachmentDisposition', () => {
  it('names the trace file as the download name', () => {
    expect(attachmentDisposition('capture-ticket-balancer-5967c66fb4-qnzj6-20190214T110529Z-01J0ABC.scap.gz')).toBe(
      'attachment; filename="capture-ticket-balancer-5967c66fb4-qnzj6-20190214T110529Z-01J0ABC.scap.gz"',
    );
  });

  it('keeps quotes, backslashes and line breaks out of the header', () => {
    expect(attachmentDisposition('a"b\\c\r\nd.scap.gz')).toBe('attachment; filename="a_b_c__d.scap.gz"');
  });
});

describe('asciiHeaderValue', () => {
  it('keeps printable ASCII and replaces the rest', () => {
    expect(asciiHeaderValue('U024BE7LH')).toBe('U024BE7LH');
    expect(asciiHeaderValue('zoë\t')).toBe('zo__');
  });
});
