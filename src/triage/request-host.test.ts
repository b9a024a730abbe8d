import { describe, expect, it } from 'vitest';
import { shownHost } from './request-host.js';

describe('shownHost', () => {
  it('keeps a host name, with its port', () => {
    expect(shownHost('www.google.com')).toBe('www.google.com');
    expect(shownHost(' api.internal:8443 ')).toBe('api.internal:8443');
  });

  it('leaves out a Host that is only an address', () => {
    expect(shownHost('10.40.1.6')).toBeUndefined();
    expect(shownHost('10.40.1.6:80')).toBeUndefined();
    expect(shownHost('[2607:f8b0:4004:802::2004]:80')).toBeUndefined();
    expect(shownHost('')).toBeUndefined();
    expect(shownHost(undefined)).toBeUndefined();
  });

  it('escapes bytes a chat message cannot show, and bounds the length', () => {
    expect(shownHost('evil\x1b[31m.example')).toBe('evil\\x1b[31m.example');
    expect(shownHost('a'.repeat(300))).toHaveLength(100);
  });
});
