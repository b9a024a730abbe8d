import type { MethodSpec } from './method-types.js';
import { stringArg } from './method-types.js';
import { SlackApiError } from './slack-api-error.js';

const open: MethodSpec = {
  token: 'bot',
  handle(args, { triggers, views }) {
    const triggerId = stringArg(args, 'trigger_id') ?? stringArg(args, 'interactivity_pointer');
    if (triggerId === undefined) throw new SlackApiError('invalid_arguments');
    if (args.view === undefined) throw new SlackApiError('invalid_arguments');
    const user = triggers.consume(triggerId);
    return { view: views.open(user, args.view) };
  },
};

const update: MethodSpec = {
  token: 'bot',
  handle(args, { views }) {
    const viewId = stringArg(args, 'view_id');
    const externalId = stringArg(args, 'external_id');
    if (viewId === undefined && externalId === undefined) throw new SlackApiError('invalid_arguments');
    return { view: views.update({ viewId, externalId, hash: stringArg(args, 'hash') }, args.view) };
  },
};

export const viewMethods: Readonly<Record<string, MethodSpec>> = {
  'views.open': open,
  'views.update': update,
};
