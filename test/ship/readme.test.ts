import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseCaptureCommand } from '../../src/capture/grammar.js';
import { SETTING_SCHEMAS } from '../../src/config.js';
import { invalidCommandText } from '../../src/slack/ack-messages.js';
import { CaptureMetrics } from '../../src/ops/metrics.js';
import { FAILURE_REASONS } from '../../src/worker/capture-observer.js';
import { REPO_ROOT } from '../support/repo-root.js';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const packageJson = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

/** The text under a `## heading`, up to the next one. */
function section(heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no section "${heading}"`);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** Lines of the indented code blocks in a piece of markdown. */
function codeLines(markdown: string): string[] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('    ') && line.trim() !== '')
    .map((line) => line.trim());
}

interface SettingRow {
  readonly name: string;
  readonly defaultCell: string;
  readonly usedBy: string;
}

const rows: SettingRow[] = section('Settings')
  .split('\n')
  .filter((line) => line.startsWith('| `'))
  .map((line) => {
    const cells = line.split('|').map((c) => c.trim());
    return { name: cells[1]!.replaceAll('`', ''), defaultCell: cells[2]!, usedBy: cells[3]! };
  });

const ROLES_OF = { common: 'bot, worker', bot: 'bot', worker: 'worker' } as const;
const schemaSettings = Object.entries(SETTING_SCHEMAS).flatMap(([part, schema]) =>
  Object.entries(schema.shape).map(([name, setting]) => ({ name, usedBy: ROLES_OF[part as keyof typeof ROLES_OF], setting })),
);

describe('the README', () => {
  it('shows the short answers to mistakes exactly as the bot gives them', () => {
    const lines = readme.split('\n').map((line) => (line.startsWith('    ') ? line.slice(4) : undefined));
    const examples = lines.flatMap((line, index) => (line?.startsWith('/capture ') && lines[index + 1]?.startsWith(':warning:') ? [index] : []));
    expect(examples.length).toBeGreaterThanOrEqual(3);
    const limits = { minDurationSeconds: 1, maxDurationSeconds: 300, maxSnaplen: 4096, defaultDriver: 'modern-bpf' as const };
    for (const index of examples) {
      const parsed = parseCaptureCommand(lines[index]!.slice('/capture '.length), limits);
      expect(parsed.kind).toBe('invalid');
      if (parsed.kind !== 'invalid') continue;
      expect(`${lines[index + 1]}\n${lines[index + 2]}`).toBe(invalidCommandText(parsed.problem, parsed.corrected));
    }
  });

  it('has a quick start of exactly two commands, npm ci then npm test, and points to the demo', () => {
    const quickStart = section('Quick start');
    expect(codeLines(quickStart.slice(0, quickStart.indexOf('npm run demo')))).toEqual(['npm ci', 'npm test']);
    expect(codeLines(quickStart)).toContain('npm run demo');
    expect(packageJson.scripts.test).toBeDefined();
    expect(packageJson.scripts.demo).toBeDefined();
  });

  it('lists every setting of the configuration schema once, and nothing else, in its settings table', () => {
    expect(rows.map((r) => r.name).sort()).toEqual(schemaSettings.map((s) => s.name).sort());
  });

  it.each(schemaSettings)('says which role reads $name', ({ name, usedBy }) => {
    expect(rows.find((r) => r.name === name)?.usedBy).toBe(usedBy);
  });

  it.each(schemaSettings)('gives the default of $name that the code uses', ({ name, setting }) => {
    const cell = rows.find((r) => r.name === name)!.defaultCell;
    const unsetValue = setting.safeParse(undefined);
    if (cell === 'required') {
      expect(unsetValue.success).toBe(false);
    } else if (cell.startsWith('unset')) {
      expect(unsetValue).toEqual({ success: true, data: undefined });
    } else {
      // The default as written, read the way the setting is read, is what the code uses when it is unset.
      const written = /^`([^`]*)`$/.exec(cell)?.[1];
      expect(written, `default of ${name} is written as code`).toBeDefined();
      const text = written === '""' ? '' : written;
      expect(unsetValue.success).toBe(true);
      expect(isDeepStrictEqual(setting.parse(text), unsetValue.data), `${name}: ${cell}`).toBe(true);
    }
  });

  it('names the metrics /metrics serves, and every failure reason', async () => {
    const everySource = new CaptureMetrics({ queueDepth: async () => ({ waiting: 0, active: 0, delayed: 0 }), approvalsPending: async () => 0 });
    const served = new Set([...(await everySource.render()).body.matchAll(/^# TYPE (capturebot_\w+)/gm)].map((m) => m[1]));
    const documented = new Set([...section('Operations').matchAll(/`(capturebot_\w+?)(?:\{\w+\})?`/g)].map((m) => m[1]));
    expect(documented).toEqual(served);
    for (const reason of FAILURE_REASONS) expect(section('Operations')).toContain(`\`${reason}\``);
  });

  it('refers only to files and directories that exist', () => {
    const linked = [...readme.matchAll(/\]\(([^)#]+)\)/g)].map((m) => m[1]!);
    const named = [...readme.matchAll(/`((?:src|test|deploy|scripts|docs|\.ci)\/[^`*\s]*)`/g)].map((m) => m[1]!);
    // `deploy/ticket-balancer` in a quoted reply is a /capture target (kubectl's spelling), not a file.
    const paths = [...linked, ...named].filter((p) => !/^https?:/.test(p) && !/^deploy\/ticket-balancer$/.test(p));
    expect(paths.length).toBeGreaterThan(5);
    for (const path of paths) expect(existsSync(join(REPO_ROOT, path)), path).toBe(true);
  });
});
