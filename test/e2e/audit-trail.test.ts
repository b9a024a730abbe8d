import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturebotProcess } from '../support/capturebot-process.js';
import { eventsUrl, startApp, startWorld, type World } from '../support/capturebot-harness.js';
import { auditLines } from '../support/approvals.js';
import { REPO_ROOT } from '../support/repo-root.js';

const CHANNEL = 'C0AUDITED';
const AUDIT = 'C0AUDIT';
const USER = 'U0RESPONDER';

describe('when AUDIT_CHANNEL is set and captures are refused or fail', () => {
  let world: World;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld();
    app = await startApp(world, 'all', { AUDIT_CHANNEL: AUDIT });
    await world.slack.sendSlashCommand(eventsUrl(app), { text: 'nginx -w /tmp/x.scap', userId: USER, channelId: CHANNEL });
    await world.slack.sendSlashCommand(eventsUrl(app), { text: 'ghost-pod-0 -n ticket-generator 5s', userId: USER, channelId: CHANNEL });
    await app.waitForLog((l) => l.audit === 'refused' && (l.target as { pod?: string } | undefined)?.pod === 'ghost-pod-0', 20_000);
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('audits a command that could not be read as a refusal by the grammar', () => {
    const [refused] = auditLines(app);
    expect(refused).toMatchObject({ audit: 'refused', who: USER, requester: USER, channel: CHANNEL, rule: 'the /capture command grammar' });
    expect(String(refused!.reason)).toContain('-w');
    expect(refused!.captureId).toMatch(/^[0-9A-Z]{26}$/);
  });

  it('audits a request for a pod that was never found as refused, with the reason, and no start', () => {
    const ghost = auditLines(app).filter((l) => (l.target as { pod?: string } | undefined)?.pod === 'ghost-pod-0');
    expect(ghost.map((l) => l.audit)).toEqual(['requested', 'refused']);
    expect(ghost[1]).toMatchObject({ rule: 'the policy defaults', reason: 'target not resolved: not-found' });
  });

  it('posts each of those events to AUDIT_CHANNEL as one line', async () => {
    await expect.poll(() => world.slack.channelMessages(AUDIT).length, { timeout: 5_000 }).toBe(3);
    const lines = world.slack.channelMessages(AUDIT).map((m) => m.text);
    expect(lines[0]).toMatch(/refused for <@U0RESPONDER>: .*-w.* · an unreadable command · asked in <#C0AUDITED> · rule: the \/capture command grammar/);
    expect(lines.some((l) => l.includes('target not resolved: not-found'))).toBe(true);
  });
});

describe('when an auditor checks the audit chain of a running capturebot with npm run verify-audit', () => {
  let world: World;
  let app: CapturebotProcess;
  let dir: string;

  /** Runs the verifier as an operator does, on the given log lines; its exit code and what it printed. */
  function verify(lines: readonly string[]): { status: number | null; out: string } {
    const file = join(dir, `capturebot-${Math.random().toString(36).slice(2)}.log`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/verify-audit.ts', file], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 30_000 });
    return { status: run.status, out: run.stdout.replaceAll(file, 'LOG') };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'capturebot-audit-'));
    world = await startWorld();
    app = await startApp(world, 'all');
    for (const pod of ['ghost-a', 'ghost-b']) {
      await world.slack.sendSlashCommand(eventsUrl(app), { text: `${pod} -n ticket-generator 5s`, userId: USER, channelId: CHANNEL });
      await app.waitForLog((l) => l.audit === 'refused' && (l.target as { pod?: string } | undefined)?.pod === pod, 20_000);
    }
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('numbers the process’s audit lines and chains each to the one before', () => {
    const audits = auditLines(app);
    expect(audits.map((l) => l.seq)).toEqual([1, 2, 3, 4]);
    expect(new Set(audits.map((l) => l.proc)).size).toBe(1);
  });

  it('passes the log as the process wrote it, other log lines and all', () => {
    const { status, out } = verify(app.output().split('\n'));
    expect(out).toContain(`proc ${String(auditLines(app)[0]!.proc)}: 4 audit lines, seq 1 to 4`);
    expect(out).toContain('audit chain intact');
    expect(status).toBe(0);
  });

  /** The log's lines, and the line numbers (1-based) of its audit lines. */
  function logWithAudits(): { lines: string[]; at: number[] } {
    const lines = app.output().split('\n');
    const at = lines.flatMap((line, index) => (line.includes('"audit":') ? [index + 1] : []));
    return { lines, at };
  }

  it('names an edited line, and fails', () => {
    const { lines, at } = logWithAudits();
    lines[at[1]! - 1] = lines[at[1]! - 1]!.replace(`"who":"${USER}"`, '"who":"U0SOMEONEELSE"');
    const { status, out } = verify(lines);
    expect(out).toContain(`LOG:${at[1]}: proc ${String(auditLines(app)[0]!.proc)}: edited: seq 2 no longer hashes to the prev that seq 3 at LOG:${at[2]} carries`);
    expect(status).toBe(1);
  });

  it('names a deleted line, and fails', () => {
    const { lines, at } = logWithAudits();
    lines.splice(at[2]! - 1, 1);
    const { status, out } = verify(lines);
    expect(out).toMatch(/gap: audit line seq 3 is missing between LOG:\d+ and LOG:\d+/);
    expect(status).toBe(1);
  });

  it('names two swapped lines, and fails', () => {
    const { lines, at } = logWithAudits();
    [lines[at[0]! - 1], lines[at[1]! - 1]] = [lines[at[1]! - 1]!, lines[at[0]! - 1]!];
    const { status, out } = verify(lines);
    expect(out).toContain(`LOG:${at[1]}: proc ${String(auditLines(app)[0]!.proc)}: reordered: seq 1 comes after seq 2`);
    expect(status).toBe(1);
  });
});
