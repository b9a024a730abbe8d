import { describe, expect, it } from 'vitest';
import type { CaptureLimits } from './capture-spec.js';
import { COMMAND_OPTIONS } from './command-options.js';
import { DRIVERS } from './driver.js';
import { parseCaptureCommand } from './grammar.js';
import { allHelp, captureHelp, HELP_TOPICS, unknownTopicText } from './usage.js';

const LIMITS: CaptureLimits = { minDurationSeconds: 1, maxDurationSeconds: 300, maxSnaplen: 4096, defaultDriver: 'modern-bpf' };
const ALL = allHelp(LIMITS);
const MAIN = captureHelp(LIMITS);

/** The concrete `/capture …` commands a help text shows (not the forms with placeholders such as NAME or ID, nor help/list). */
function examples(text: string): string[] {
  return [...text.matchAll(/`\/capture ([^`]*)`/g)]
    .map((match) => match[1] ?? '')
    .filter((command) => !/\b[A-Z]{2,}\b/.test(command) && !command.startsWith('help') && command !== 'list');
}

describe('/capture help', () => {
  it('leads with the design card line and fits one screen', () => {
    const lines = MAIN.split('\n');
    expect(lines[0]).toMatch(/^`\/capture ticket-balancer -n ticket-generator 30s` /);
    expect(lines.length).toBeLessThanOrEqual(15);
  });

  it('shows the main form, the other commands, the defaults and the limits from settings', () => {
    expect(MAIN).toContain('`/capture NAME [-n NS] [-c CONTAINER] [DURATION] [-- FILTER]`');
    for (const form of ['`/capture status [ID]`', '`/capture list`', '`/capture cancel ID`', '`/capture policy [-n NS]`']) expect(MAIN).toContain(form);
    expect(MAIN).toContain('default: `default`');
    expect(MAIN).toContain('default: `30s`, 1s to 5m');
    expect(captureHelp({ ...LIMITS, maxDurationSeconds: 120 })).toContain('1s to 2m');
  });

  it('points to each topic, and each topic has its own text', () => {
    for (const topic of HELP_TOPICS) {
      expect(MAIN).toContain(`\`/capture help ${topic}\``);
      expect(captureHelp(LIMITS, topic)).not.toBe(MAIN);
    }
  });

  it('answers an unknown topic in one line naming the word and every topic', () => {
    const text = unknownTopicText('flters');
    expect(text).not.toContain('\n');
    expect(text).toContain('`flters`');
    for (const topic of HELP_TOPICS) expect(text).toContain(`\`/capture help ${topic}\``);
  });
});

describe('the help, all topics together', () => {
  it.each(COMMAND_OPTIONS.flatMap((option) => option.names))('lists the option %s', (name) => {
    expect(ALL).toMatch(new RegExp(`(^|[\\s\`|\\[,])${name}([\\s\`|\\],]|$)`, 'm'));
  });

  it.each([...DRIVERS])('lists the driver %s', (driver) => {
    expect(captureHelp(LIMITS, 'filters')).toContain(driver);
  });

  it('names every typed target in the targets topic', () => {
    const targets = captureHelp(LIMITS, 'targets');
    for (const kind of ['pod/NAME', 'deploy/NAME', 'sts/NAME', 'ds/NAME', 'job/NAME', 'rs/NAME', 'node/NAME', '-l LABEL=VALUE']) expect(targets).toContain(kind);
  });

  it('gives the incident example first, and every example is accepted as written', () => {
    const commands = examples(ALL);
    expect(commands[0]).toBe('ticket-balancer -n ticket-generator 30s');
    expect(commands.length).toBeGreaterThanOrEqual(3);
    for (const command of commands) expect(parseCaptureCommand(command, LIMITS).kind, command).toBe('capture');
  });

  it('holds no &, < or > and no unbalanced code span, so it shows the same in mrkdwn', () => {
    expect(ALL).not.toMatch(/[&<>]/);
    for (const line of ALL.split('\n')) expect(line.split('`').length % 2).toBe(1);
  });
});

describe('parseCaptureCommand reads help topics', () => {
  it.each([
    ['help', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['help targets', { kind: 'help', topic: 'targets' }],
    ['help Filters', { kind: 'help', topic: 'filters' }],
    ['help policy', { kind: 'help', topic: 'policy' }],
    ['help flters', { kind: 'help', unknownTopic: 'flters' }],
    ['web-1 --help', { kind: 'help' }],
  ])('%j', (text, expected) => {
    expect(parseCaptureCommand(text, LIMITS)).toStrictEqual(expected);
  });
});
