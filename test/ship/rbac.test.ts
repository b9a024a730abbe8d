import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindingsOf, grantedPermissions, WORKER_ACCOUNT as WORKER } from '../support/deploy-rbac.js';
import { kustomizeBuild } from '../support/kustomize.js';
import { compareRbac, deriveRbacFromRequests, permissionsOfRules, type ApiRequest, type Permission } from '../support/rbac.js';
import { REPO_ROOT } from '../support/repo-root.js';

const { objects } = kustomizeBuild(join(REPO_ROOT, 'deploy'));
const BOT = { name: 'capturebot-bot', namespace: 'capturebot' };
const CAPTURES = 'capturebot-captures';
const granted = grantedPermissions(objects, WORKER);

const pods = (verb: string, namespace?: string): ApiRequest => ({ verb, apiGroup: '', resource: 'pods', ...(namespace && { namespace }) });

/** Requests of the shape the worker sends, to test the comparison on; what the worker really sends is recorded in rbac-derived.test.ts. */
const oneCapture: ApiRequest[] = [
  pods('get', 'ticket-generator'),
  pods('list', 'ticket-generator'),
  pods('watch', 'ticket-generator'),
  { verb: 'get', apiGroup: '', resource: 'nodes' },
  pods('create', CAPTURES),
  pods('list', CAPTURES),
  pods('watch', CAPTURES),
  pods('get', CAPTURES),
  { verb: 'get', apiGroup: '', resource: 'pods', subresource: 'exec', namespace: CAPTURES, alsoAuthorized: ['create'] },
  { verb: 'get', apiGroup: '', resource: 'pods', subresource: 'log', namespace: CAPTURES },
  pods('delete', CAPTURES),
];

describe('the worker RBAC in deploy/', () => {
  it('lets the worker only read pods, nodes and the list of Services across the cluster, and watch nothing there', () => {
    const clusterWide = granted.filter((p) => p.namespace === undefined);
    expect(new Set(clusterWide.map((p) => `${p.verb} ${p.resource}`))).toEqual(new Set(['list pods', 'get nodes', 'list services']));
  });

  it('lets the worker run, exec into and delete pods only in the capture namespace', () => {
    const namespaced = granted.filter((p) => p.namespace !== undefined);
    expect(new Set(namespaced.map((p) => p.namespace))).toEqual(new Set([CAPTURES]));
    expect(new Set(namespaced.map((p) => `${p.verb} ${p.resource}`))).toEqual(
      new Set(['create pods', 'get pods', 'list pods', 'watch pods', 'delete pods', 'get pods/exec', 'create pods/exec', 'get pods/log']),
    );
  });

  it('gives the bot no rights at all', () => {
    expect(bindingsOf(objects, BOT)).toEqual([]);
  });
});

describe('comparing grants with recorded requests', () => {
  // The rules the issue asks for, written out here so that these cases test the comparison alone.
  const granted = [
    ...permissionsOfRules([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['nodes'], verbs: ['get'] },
    ]),
    ...permissionsOfRules(
      [
        { apiGroups: [''], resources: ['pods'], verbs: ['create', 'get', 'list', 'watch', 'delete'] },
        { apiGroups: [''], resources: ['pods/exec'], verbs: ['get', 'create'] },
        { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      ],
      CAPTURES,
    ),
  ];

  it('finds nothing missing or unused when the requests use exactly the grants', () => {
    expect(compareRbac(granted, oneCapture)).toEqual({ missing: [], unused: [] });
  });

  it('reports a request that no grant allows', () => {
    const requests = [
      ...oneCapture,
      pods('patch', CAPTURES),
      pods('create', 'ticket-generator'),
      { verb: 'get', apiGroup: 'apps', resource: 'deployments', namespace: 'ticket-generator' },
    ];
    expect(compareRbac(granted, requests).missing).toEqual([
      { apiGroup: '', resource: 'pods', verb: 'create', namespace: 'ticket-generator' },
      { apiGroup: '', resource: 'pods', verb: 'patch', namespace: CAPTURES },
      { apiGroup: 'apps', resource: 'deployments', verb: 'get', namespace: 'ticket-generator' },
    ]);
  });

  it('reports a grant that no request used', () => {
    const withoutNodesOrLogs = oneCapture.filter((r) => r.resource !== 'nodes' && r.subresource !== 'log');
    const { missing, unused } = compareRbac(granted, withoutNodesOrLogs);
    expect(missing).toEqual([]);
    expect(unused).toEqual([
      { apiGroup: '', resource: 'nodes', verb: 'get' },
      { apiGroup: '', resource: 'pods/log', verb: 'get', namespace: CAPTURES },
    ]);
  });

  it('counts a cluster-wide grant as unused when a Role already allows everything it was used for', () => {
    const onlyInCaptures = oneCapture.filter((r) => !(r.resource === 'pods' && !r.subresource && r.verb === 'watch' && r.namespace !== CAPTURES));
    expect(compareRbac(granted, onlyInCaptures)).toEqual({ missing: [], unused: [{ apiGroup: '', resource: 'pods', verb: 'watch' }] });
  });

  it('does not let a grant in one namespace allow a request across all of them', () => {
    const inCaptures: Permission[] = [{ apiGroup: '', resource: 'pods', verb: 'list', namespace: CAPTURES }];
    expect(compareRbac(inCaptures, [pods('list')])).toEqual({ missing: [{ apiGroup: '', resource: 'pods', verb: 'list' }], unused: inCaptures });
  });

  it('counts a request once, names a subresource with its resource, and needs every verb the server checks', () => {
    const exec = { verb: 'get', alsoAuthorized: ['create'], resource: 'pods', subresource: 'exec', namespace: CAPTURES };
    expect(deriveRbacFromRequests([exec, exec, pods('get', CAPTURES)])).toEqual([
      { apiGroup: '', resource: 'pods', verb: 'get', namespace: CAPTURES },
      { apiGroup: '', resource: 'pods/exec', verb: 'create', namespace: CAPTURES },
      { apiGroup: '', resource: 'pods/exec', verb: 'get', namespace: CAPTURES },
    ]);
  });

  it('refuses wildcard rules, which cannot be matched against requests', () => {
    expect(() => permissionsOfRules([{ apiGroups: [''], resources: ['pods'], verbs: ['*'] }])).toThrow(/wildcard/);
    expect(() => permissionsOfRules([{ apiGroups: ['*'], resources: ['pods'], verbs: ['get'] }])).toThrow(/wildcard/);
  });

  it('refuses a binding to a role the manifests do not define', () => {
    const binding = objects.find((o) => o.kind === 'RoleBinding')!;
    const withoutRoles = objects.filter((o) => o.kind !== 'Role');
    expect(binding).toBeDefined();
    expect(() => grantedPermissions(withoutRoles, WORKER)).toThrow(/not defined/);
  });
});
