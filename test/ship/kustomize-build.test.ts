import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyJsonPatch } from '../support/json-patch.js';
import { kustomizeBuild } from '../support/kustomize.js';

// The deploy/ tests trust this small stand-in for `kustomize build`; these check it refuses what it cannot do.

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kustomize-build-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

const KUSTOMIZATION = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n';
const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: app}\ndata: {A: "1"}\n';
const DEPLOYMENT =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: app}\n' +
  'spec: {template: {spec: {containers: [{name: web, image: "web:1.0"}, {name: side, image: "other:2"}]}}}\n';

describe('the test build of a kustomization', () => {
  it('loads resources from files and directories, then patches and renames images', () => {
    write({
      'base/kustomization.yaml': `${KUSTOMIZATION}resources: [objects.yaml]\n`,
      'base/objects.yaml': `${CONFIG_MAP}---\n${DEPLOYMENT}`,
      'overlay/kustomization.yaml':
        `${KUSTOMIZATION}resources: [../base]\n` +
        'patches:\n  - target: {kind: ConfigMap, name: settings}\n    patch: |-\n      - {op: replace, path: /data/A, value: "2"}\n' +
        'images:\n  - {name: web, newName: registry.example/web, newTag: "1.1"}\n',
    });
    const { objects, files } = kustomizeBuild(join(dir, 'overlay'));
    expect(objects.map((o) => o['data'] ?? o['spec'])).toEqual([
      { A: '2' },
      { template: { spec: { containers: [{ name: 'web', image: 'registry.example/web:1.1' }, { name: 'side', image: 'other:2' }] } } },
    ]);
    expect(files.size).toBe(3);
  });

  it('copies a field into part of another with a replacement, as kustomize 5 does', () => {
    write({
      'kustomization.yaml':
        `${KUSTOMIZATION}resources: [objects.yaml]\n` +
        'replacements:\n  - source: {kind: ConfigMap, name: settings, fieldPath: data.A}\n' +
        '    targets:\n      - select: {kind: Rule, name: r}\n        fieldPaths: ["spec.vars.[name=a].expression"]\n' +
        '        options: {delimiter: "\'", index: 1}\n',
      'objects.yaml': `${CONFIG_MAP}---\napiVersion: x/v1\nkind: Rule\nmetadata: {name: r}\nspec: {vars: [{name: b, expression: "'b'"}, {name: a, expression: "'old'"}]}\n`,
    });
    expect(kustomizeBuild(dir).objects[1]!['spec']).toEqual({ vars: [{ name: 'b', expression: "'b'" }, { name: 'a', expression: "'1'" }] });
  });

  it('refuses a replacement whose source or target field is missing, or that uses options it does not implement', () => {
    const objects = `${CONFIG_MAP}---\napiVersion: x/v1\nkind: Rule\nmetadata: {name: r}\nspec: {vars: [{name: a, expression: "'old'"}]}\n`;
    const replacement = (source: string, target: string) =>
      `${KUSTOMIZATION}resources: [objects.yaml]\nreplacements:\n  - source: ${source}\n    targets:\n      - ${target}\n`;
    write({ 'objects.yaml': objects, 'kustomization.yaml': replacement('{kind: ConfigMap, fieldPath: data.B}', '{select: {kind: Rule}, fieldPaths: ["spec.vars.[name=a].expression"]}') });
    expect(() => kustomizeBuild(dir)).toThrow(/source field data.B is missing/);
    write({ 'kustomization.yaml': replacement('{kind: ConfigMap, fieldPath: data.A}', '{select: {kind: Rule}, fieldPaths: ["spec.vars.[name=z].expression"]}') });
    expect(() => kustomizeBuild(dir)).toThrow(/target field spec.vars.\[name=z\].expression of Rule r is missing/);
    write({ 'kustomization.yaml': replacement('{kind: ConfigMap, fieldPath: data.A}', '{select: {kind: Rule}, fieldPaths: [spec.x], options: {create: true}}') });
    expect(() => kustomizeBuild(dir)).toThrow(/does not support create/);
  });

  it('removes the one object a `$patch: delete` patch names, and refuses one that names nothing', () => {
    const deletion = (name: string) =>
      `${KUSTOMIZATION}resources: [objects.yaml]\npatches:\n  - patch: |-\n      $patch: delete\n` +
      `      apiVersion: apps/v1\n      kind: Deployment\n      metadata: {name: ${name}, namespace: app}\n`;
    write({ 'objects.yaml': `${CONFIG_MAP}---\n${DEPLOYMENT}`, 'kustomization.yaml': deletion('web') });
    expect(kustomizeBuild(dir).objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ConfigMap/settings']);
    write({ 'kustomization.yaml': deletion('api') });
    expect(() => kustomizeBuild(dir)).toThrow(/delete` of Deployment api matches nothing/);
    write({ 'kustomization.yaml': `${KUSTOMIZATION}resources: [objects.yaml]\npatches:\n  - patch: "{kind: Deployment, metadata: {name: web}, spec: {}}"\n` });
    expect(() => kustomizeBuild(dir)).toThrow(/only JSON 6902 patches and target-less/);
  });

  it('refuses a kustomization field it does not implement', () => {
    write({ 'kustomization.yaml': `${KUSTOMIZATION}resources: []\nnamespace: app\n` });
    expect(() => kustomizeBuild(dir)).toThrow(/does not support namespace/);
  });

  it('refuses a resource that does not exist and a patch that matches nothing', () => {
    write({ 'kustomization.yaml': `${KUSTOMIZATION}resources: [missing.yaml]\n` });
    expect(() => kustomizeBuild(dir)).toThrow(/does not exist/);
    write({
      'kustomization.yaml': `${KUSTOMIZATION}resources: [cm.yaml]\npatches:\n  - target: {kind: ConfigMap, name: other}\n    patch: "[]"\n`,
      'cm.yaml': CONFIG_MAP,
    });
    expect(() => kustomizeBuild(dir)).toThrow(/matches nothing/);
  });
});

describe('JSON patch', () => {
  const doc = { env: [{ name: 'REDIS_URL', value: 'redis://r:6379' }, { name: 'PORT', value: '3000' }] };

  it('replaces, adds and removes by position', () => {
    expect(
      applyJsonPatch(doc, [
        { op: 'replace', path: '/env/0/value', value: 'redis://other:6379' },
        { op: 'add', path: '/env/-', value: { name: 'X', value: '1' } },
        { op: 'remove', path: '/env/1' },
      ]),
    ).toEqual({ env: [{ name: 'REDIS_URL', value: 'redis://other:6379' }, { name: 'X', value: '1' }] });
    expect(doc.env).toHaveLength(2);
  });

  it('stops at a failed test, so an overlay cannot patch the wrong entry', () => {
    expect(() => applyJsonPatch(doc, [{ op: 'test', path: '/env/0/name', value: 'PORT' }])).toThrow(/test failed/);
    expect(() => applyJsonPatch(doc, [{ op: 'replace', path: '/env/5', value: {} }])).toThrow(/no index 5/);
  });
});
