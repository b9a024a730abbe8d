import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort, startCapturebot, type CapturebotProcess } from '../support/capturebot-process.js';
import { INCIDENT_NAMESPACE, INCIDENT_POD, eventsUrl, startWorld, type World } from '../support/capturebot-harness.js';
import { runCapture } from '../support/run-capture.js';

const ROOT = resolve(import.meta.dirname, '../..');

async function healthy(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
}

describe('when LOG_LEVEL is warn', () => {
  let world: World;
  let app: CapturebotProcess;

  beforeAll(async () => {
    world = await startWorld();
    app = await startCapturebot('all', { ...world.env, LOG_LEVEL: 'warn' }, { waitReady: false });
    await vi.waitFor(async () => expect(await healthy(app.port)).toBe(true), { timeout: 30_000, interval: 100 });
    // A capture that fails in the worker: sysdig cannot load its driver.
    world.kube.setScenario(() => ({ kind: 'capture-fails', exitCode: 1, logLines: ['Unable to load the driver'] }));
    await runCapture(world, eventsUrl(app), `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s`, 'C0LOGLEVEL');
    await app.waitForLog((l) => l.msg === 'capture failed');
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    await world?.close();
  });

  it('writes the failure (error) but none of the info lines of start-up, request and queueing', () => {
    expect(app.logs.some((l) => l.level === 50 && l.msg === 'capture failed')).toBe(true);
    // The audit trail is the exception: it is written whatever the level (src/audit/pino-audit-trail.ts).
    expect(app.logs.filter((l) => l.level < 40 && l['audit'] === undefined)).toEqual([]);
    expect(app.logs.some((l) => l['audit'] === 'requested')).toBe(true);
    expect(app.output()).not.toContain('capturebot started');
  });

  it('writes each event as one JSON line when stdout is not a terminal', () => {
    const lines = app.output().split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });
});

describe('when stdout is a terminal', () => {
  let world: World;
  let worker: CapturebotProcess | undefined;
  let output = '';

  beforeAll(async () => {
    world = await startWorld();
    // The bot has a worker resolve each target before it queues anything.
    worker = await startCapturebot('worker', world.env);
    const port = await freePort();
    // script(1) gives the process a pseudo-terminal for its stdout; the command is fixed, no user text.
    const child = spawn('script', ['-q', '-e', '-c', `exec '${process.execPath}' --import tsx src/main.ts bot`, '/dev/null'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...world.env, PORT: String(port), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((done) => child.once('exit', done));
    try {
      await vi.waitFor(() => expect(stripVTControlCharacters(output)).toContain('capturebot started'), { timeout: 30_000, interval: 100 });
      await world.slack.sendSlashCommand(`http://127.0.0.1:${port}/slack/events`, {
        text: `${INCIDENT_POD} -n ${INCIDENT_NAMESPACE} 5s`,
        userId: 'U0RESPONDER',
        channelId: 'C0PRETTY',
      });
      await vi.waitFor(() => expect(output).toContain('capture queued'), { timeout: 10_000, interval: 100 });
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await world?.close();
  });

  it('prints pretty lines for a person: level names and messages, not JSON', () => {
    const text = stripVTControlCharacters(output);
    expect(text).toMatch(/INFO.*: capturebot started/);
    expect(text).toMatch(/role: "bot"/);
    expect(text.split(/\r?\n/).some((line) => line.startsWith('{'))).toBe(false);
  });

  it('still keeps the Slack tokens and secrets out', () => {
    expect(output).not.toContain(world.env.SLACK_BOT_TOKEN);
    expect(output).not.toContain(world.env.SLACK_SIGNING_SECRET);
  });
});
