import { describe, expect, it } from 'vitest';
import { unknownRequest } from './unknown-requests.js';

const known = { commands: ['/capture'], actions: ['approve', 'deny'], views: ['deny-reason'] };

describe('unknownRequest', () => {
  it('passes the commands, actions and views there are handlers for', () => {
    expect(unknownRequest({ command: '/capture', text: 'x' }, known)).toBeUndefined();
    expect(unknownRequest({ type: 'block_actions', actions: [{ action_id: 'approve' }] }, known)).toBeUndefined();
    expect(unknownRequest({ type: 'view_submission', view: { callback_id: 'deny-reason' } }, known)).toBeUndefined();
  });

  it.each([
    [{ command: '/deploy' }, 'slash command', '/deploy'],
    [{ type: 'block_actions', actions: [{ action_id: 'delete_everything' }] }, 'action', 'delete_everything'],
    [{ type: 'block_actions', actions: [{ action_id: 'approve' }, { action_id: 'x' }] }, 'action', 'x'],
    [{ type: 'block_actions', actions: [] }, 'action', '(none)'],
    [{ type: 'block_actions', actions: [{ action_id: 7 }] }, 'action', '7'],
    [{ type: 'view_submission', view: { callback_id: 'other' } }, 'view', 'other'],
  ])('names %j as an unknown %s %s', (body, kind, id) => {
    expect(unknownRequest(body, known)).toEqual({ kind, id });
  });

  it('names an id that cannot be turned into text the usual way', () => {
    const bare = Object.create(null) as object;
    expect(unknownRequest({ type: 'block_actions', actions: [{ action_id: bare }] }, known)).toEqual({ kind: 'action', id: '{}' });
    expect(unknownRequest({ command: 10n }, known)).toBeUndefined();
    expect(unknownRequest({ type: 'view_submission', view: { callback_id: 10n } }, known)).toEqual({ kind: 'view', id: '(unprintable)' });
  });

  it('cuts a huge id short for the log line', () => {
    expect(unknownRequest({ command: `/${'x'.repeat(5000)}` }, known)?.id).toHaveLength(100);
  });

  it('leaves events and other payloads to Bolt', () => {
    expect(unknownRequest({ type: 'event_callback', event: {} }, known)).toBeUndefined();
    expect(unknownRequest(null, known)).toBeUndefined();
    expect(unknownRequest('text', known)).toBeUndefined();
  });
});
