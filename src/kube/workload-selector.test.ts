import { describe, expect, it } from 'vitest';
import { labelSelectorText } from './workload-selector.js';

describe('labelSelectorText', () => {
  it('writes matchLabels and every matchExpressions operator as a pod list takes them', () => {
    expect(
      labelSelectorText({
        matchLabels: { app: 'web', 'app.kubernetes.io/part-of': 'shop' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['front', 'edge'] },
          { key: 'track', operator: 'NotIn', values: ['canary'] },
          { key: 'owner', operator: 'Exists' },
          { key: 'legacy', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe('app=web,app.kubernetes.io/part-of=shop,tier in (front,edge),track notin (canary),owner,!legacy');
  });

  it('gives nothing for a selector that selects nothing or that it cannot read', () => {
    expect(labelSelectorText(undefined)).toBeUndefined();
    expect(labelSelectorText({})).toBeUndefined();
    expect(labelSelectorText({ matchExpressions: [{ key: 'x', operator: 'Gt', values: ['1'] }] })).toBeUndefined();
  });
});
