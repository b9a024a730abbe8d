import { describe, expect, it } from 'vitest';
import type { KubeObject } from './kube-types.js';
import { compileSelectors, nameFromFieldSelector, SelectorError } from './selectors.js';

function pod(name: string, labels: Record<string, string>, nodeName = 'node-a'): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns', labels }, spec: { nodeName } };
}

const pods = [pod('a', { app: 'web', tier: 'edge' }), pod('b', { app: 'db' }, 'node-b'), pod('c', {})];
const pick = (labels?: string, fields?: string): string[] => pods.filter(compileSelectors(labels, fields)).map((p) => p.metadata.name);

describe('label and field selectors', () => {
  it('match equality, inequality, set and existence requirements', () => {
    expect(pick('app=web')).toEqual(['a']);
    expect(pick('app==db')).toEqual(['b']);
    expect(pick('app!=web')).toEqual(['b', 'c']);
    expect(pick('app in (web, db)')).toEqual(['a', 'b']);
    expect(pick('app notin (web)')).toEqual(['b', 'c']);
    expect(pick('tier')).toEqual(['a']);
    expect(pick('!app')).toEqual(['c']);
    expect(pick('app in (web,db),!tier')).toEqual(['b']);
    expect(pick('')).toEqual(['a', 'b', 'c']);
  });

  it('match fields by path, with = and !=', () => {
    expect(pick(undefined, 'spec.nodeName=node-b')).toEqual(['b']);
    expect(pick(undefined, 'metadata.name!=a,spec.nodeName=node-a')).toEqual(['c']);
    expect(pick('app', 'metadata.namespace=ns')).toEqual(['a', 'b']);
  });

  it('reject what the server cannot parse', () => {
    expect(() => compileSelectors('app in web')).toThrow(SelectorError);
    expect(() => compileSelectors(undefined, 'spec.nodeName')).toThrow(SelectorError);
  });

  it('find the name a metadata.name field selector pins', () => {
    expect(nameFromFieldSelector('status.phase=Running,metadata.name=cap-1')).toBe('cap-1');
    expect(nameFromFieldSelector('metadata.name!=cap-1')).toBeUndefined();
    expect(nameFromFieldSelector(undefined)).toBeUndefined();
  });
});
