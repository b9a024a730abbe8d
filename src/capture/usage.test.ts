import { describe, expect, it } from 'vitest';
import type { CaptureLimits } from './capture-spec.js';
import { COMMAND_OPTIONS } from './command-options.js';
import { DRIVERS } from './driver.js';
import { parseCaptureCommand } from './grammar.js';
import { CAPTURE_USAGE } from './usage.js';

const LIMITS: CaptureLimits = { minDurationSeconds: 1, maxDurationSeconds: 300, maxSnaplen: 4096, defaultDriver: 'modern-bpf' };

/** The concrete `/capture …` commands the help shows (not the forms with placeholders such as POD or ID). */
function examples(): string[] {
  return [...CAPTURE_USAGE.matchAll(/`\/capture ([^`]*)`/g)]
    .map((match) => match[1] ?? '')
    .filter((command) => !/\b[A-Z]{2,}\b/.test(command) && command !== 'help' && command !== 'list');
}

describe('CAPTURE_USAGE', () => {
  it.each(COMMAND_OPTIONS.flatMap((option) => option.names))('lists the option %s', (name) => {
    expect(CAPTURE_USAGE).toMatch(new RegExp(`(^|[\\s\`|\\[,])${name}([\\s\`|\\],]|$)`, 'm'));
  });

  it.each([...DRIVERS])('lists the driver %s', (driver) => {
    expect(CAPTURE_USAGE).toContain(driver);
  });

  it('shows the syntax, the help form and the defaults', () => {
    // It leads with the design card's own line.
    expect(CAPTURE_USAGE.split('\n')[1]).toBe('`/capture ticket-balancer -n ticket-generator 30s`');
    expect(CAPTURE_USAGE).toContain('`/capture NAME [-n|--namespace|-ns NS] [-c CONTAINER] [DURATION | -M SECONDS]');
    expect(CAPTURE_USAGE).toContain('`/capture help`');
    expect(CAPTURE_USAGE).toContain('`/capture cancel ID`');
    expect(CAPTURE_USAGE).toContain('default: `default`');
    expect(CAPTURE_USAGE).toContain('default: `30s`');
    expect(CAPTURE_USAGE).toContain('default: `80`');
    expect(CAPTURE_USAGE).toContain('normally `modern-bpf`');
    expect(CAPTURE_USAGE).toContain('`30s`, `2m`, `1m30s`');
  });

  it('gives the incident example and one more, and both are accepted as written', () => {
    const commands = examples();
    expect(commands[0]).toBe('ticket-balancer -n ticket-generator 30s');
    expect(commands.length).toBeGreaterThanOrEqual(2);
    for (const command of commands) expect(parseCaptureCommand(command, LIMITS).kind).toBe('capture');
  });

  it('holds no &, < or > and no unbalanced code span, so it shows the same in mrkdwn', () => {
    expect(CAPTURE_USAGE).not.toMatch(/[&<>]/);
    for (const line of CAPTURE_USAGE.split('\n')) expect(line.split('`').length % 2).toBe(1);
  });
});
