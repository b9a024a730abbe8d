import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { allHelp } from '../../src/capture/usage.js';
import { DRIVERS } from '../../src/capture/driver.js';
import { REPO_ROOT } from '../support/repo-root.js';
import { checkScopes, findMethodCalls, scanSourceTree } from '../support/slack-scopes.js';

// Slack's manifest format, strict for the parts this app uses, with Slack's length limits.
const manifestSchema = z.strictObject({
  display_information: z.strictObject({
    name: z.string().min(1).max(35),
    description: z.string().min(1).max(140),
    background_color: z.string().regex(/^#[0-9a-fA-F]{6}$/).optional(),
  }),
  features: z.strictObject({
    bot_user: z.strictObject({ display_name: z.string().min(1).max(80), always_online: z.boolean() }),
    slash_commands: z.array(
      z.strictObject({
        command: z.string().regex(/^\/[a-z0-9_-]{1,31}$/),
        description: z.string().min(1).max(2000),
        usage_hint: z.string().min(1).max(1000).optional(),
        should_escape: z.boolean(),
        url: z.string().optional(),
      }),
    ),
  }),
  oauth_config: z.strictObject({ scopes: z.strictObject({ bot: z.array(z.string()) }) }),
  settings: z.strictObject({
    interactivity: z.strictObject({ is_enabled: z.boolean(), request_url: z.string().optional() }),
    event_subscriptions: z.unknown().optional(),
    org_deploy_enabled: z.boolean(),
    socket_mode_enabled: z.boolean(),
    token_rotation_enabled: z.boolean(),
  }),
});

const parsed = manifestSchema.safeParse(parse(readFileSync(join(REPO_ROOT, 'manifest.yml'), 'utf8')));
// The first test reports a malformed manifest; the others then fail on their own.
const manifest = parsed.data!;
const capture = manifest?.features.slash_commands.find((c) => c.command === '/capture');

function productSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'testdata' ? [] : productSources(path);
    return /(?<!\.test)\.ts$/.test(entry.name) ? [readFileSync(path, 'utf8')] : [];
  });
}

describe('the Slack app manifest', () => {
  it('follows the manifest format, without misspelt keys', () => {
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it('declares /capture with a usage hint that uses only options the command documents', () => {
    expect(capture).toBeDefined();
    const hint = capture!.usage_hint ?? '';
    expect(hint).toMatch(/^POD\b/);
    const options = hint.match(/(?<![\w-])--?[a-z]*/g) ?? [];
    expect(options.length).toBeGreaterThan(0);
    const help = allHelp({ minDurationSeconds: 1, maxDurationSeconds: 300, maxSnaplen: 4096, defaultDriver: 'modern-bpf' });
    for (const option of options) expect(help, option).toContain(`${option} `);
    const drivers = /--driver ([\w|-]+)/.exec(hint)?.[1]?.split('|');
    expect(new Set(drivers)).toEqual(new Set(DRIVERS));
  });

  it('declares exactly the slash commands the bot registers', () => {
    const registered = productSources(join(REPO_ROOT, 'src')).flatMap((source) =>
      [...source.matchAll(/\.command\(\s*['"`](\/[\w-]+)['"`]/g)].map((m) => m[1]),
    );
    expect(new Set(manifest.features.slash_commands.map((c) => c.command))).toEqual(new Set(registered));
  });

  it('turns on interactivity and Socket Mode, so no public URL is needed', () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(capture?.url).toBeUndefined();
    expect(manifest.settings.interactivity.request_url).toBeUndefined();
  });

  it('subscribes to no events, and the bot listens to none (their scopes are not derived here)', () => {
    expect(manifest.settings.event_subscriptions).toBeUndefined();
    const listeners = productSources(join(REPO_ROOT, 'src')).filter((s) => /\bapp\.(event|message)\s*\(/.test(s));
    expect(listeners).toEqual([]);
  });

  it('declares every bot scope the code needs and none that it does not', () => {
    const calls = scanSourceTree(join(REPO_ROOT, 'src'));
    const featureScopes = manifest.features.slash_commands.length > 0 ? ['commands'] : [];
    const report = checkScopes(manifest.oauth_config.scopes.bot, calls, featureScopes);
    expect(report.unknownMethods, 'methods missing from METHOD_SCOPES in test/support/slack-scopes.ts').toEqual([]);
    expect(report.uncovered).toEqual([]);
    expect(report.unused).toEqual([]);
    expect(calls.map((c) => c.method)).toContain('chat.postMessage');
  });
});

describe('finding Web API calls in source', () => {
  it('finds calls through any client, across line breaks, by apiCall and by say', () => {
    const source = [
      'await client.chat.postMessage({ channel });',
      'await this.#client.chat',
      '  .update({ ts });',
      'const members = await app.client.usergroups.users.list({ usergroup });',
      "await webClient.apiCall('views.open', { trigger_id });",
      "await say('hello');",
      'const user = await this.users.get(id);',
    ].join('\n');
    expect(findMethodCalls(source, 'x.ts')).toEqual([
      { method: 'chat.postMessage', file: 'x.ts', line: 1 },
      { method: 'chat.update', file: 'x.ts', line: 2 },
      { method: 'usergroups.users.list', file: 'x.ts', line: 4 },
      { method: 'views.open', file: 'x.ts', line: 5 },
      { method: 'chat.postMessage', file: 'x.ts', line: 6 },
    ]);
  });
});

describe('comparing scopes with calls', () => {
  const call = (method: string) => ({ method, file: 'x.ts', line: 1 });

  it('reports a call whose scope is not declared', () => {
    const report = checkScopes(['commands', 'chat:write'], [call('chat.update'), call('usergroups.users.list')], ['commands']);
    expect(report.uncovered).toEqual([{ call: call('usergroups.users.list'), anyOf: ['usergroups:read'] }]);
    expect(report.unused).toEqual([]);
  });

  it('reports a declared scope that nothing needs', () => {
    const report = checkScopes(['commands', 'chat:write', 'usergroups:read'], [call('chat.postEphemeral'), call('views.open')], ['commands']);
    expect(report.uncovered).toEqual([]);
    expect(report.unused).toEqual(['usergroups:read']);
  });

  it('reports a method whose scopes nobody has looked up', () => {
    const report = checkScopes(['chat:write'], [call('chat.meMessage')], []);
    expect(report.unknownMethods).toEqual([call('chat.meMessage')]);
  });
});
