import type { Workspace } from './workspace.js';
import { slackId } from './ids.js';
import { SlackApiError } from './slack-api-error.js';

export interface OpenedView {
  readonly id: string;
  readonly user: string;
  /** The view as Slack returns it (id, hash, state, callback_id, …). */
  readonly view: Readonly<Record<string, unknown>>;
  /** Every version, oldest first, as views.open and views.update wrote them. */
  readonly history: readonly Readonly<Record<string, unknown>>[];
}

interface StoredView {
  readonly id: string;
  readonly user: string;
  view: Record<string, unknown>;
  readonly history: Record<string, unknown>[];
}

/** Views opened with views.open, kept so views.update and view_submission payloads can refer to them. */
export class ViewStore {
  private readonly views = new Map<string, StoredView>();
  private hashCounter = 0;

  constructor(private readonly workspace: Workspace) {}

  open(user: string, requested: unknown): Record<string, unknown> {
    const id = slackId('V');
    const view = this.render(id, requested, id);
    this.views.set(id, { id, user, view, history: [view] });
    return view;
  }

  update(selector: { viewId?: string; externalId?: string; hash?: string }, requested: unknown): Record<string, unknown> {
    const stored = this.select(selector);
    if (selector.hash !== undefined && selector.hash !== stored.view.hash) throw new SlackApiError('hash_conflict');
    stored.view = this.render(stored.id, requested, String(stored.view.root_view_id));
    stored.history.push(stored.view);
    return stored.view;
  }

  get(id: string): OpenedView | undefined {
    const stored = this.views.get(id);
    return stored && structuredClone(stored);
  }

  all(): OpenedView[] {
    return [...this.views.values()].map((stored) => structuredClone(stored));
  }

  private select({ viewId, externalId }: { viewId?: string; externalId?: string }): StoredView {
    const found = viewId !== undefined
      ? this.views.get(viewId)
      : [...this.views.values()].find((stored) => externalId !== undefined && stored.view.external_id === externalId);
    if (!found) throw new SlackApiError('not_found');
    return found;
  }

  private render(id: string, requested: unknown, rootViewId: string): Record<string, unknown> {
    if (typeof requested !== 'object' || requested === null || !('type' in requested)) {
      throw new SlackApiError('invalid_arguments');
    }
    this.hashCounter += 1;
    return {
      callback_id: '',
      private_metadata: '',
      external_id: '',
      clear_on_close: false,
      notify_on_close: false,
      ...requested,
      id,
      team_id: this.workspace.teamId,
      app_id: this.workspace.appId,
      bot_id: this.workspace.botId,
      app_installed_team_id: this.workspace.teamId,
      root_view_id: rootViewId,
      previous_view_id: null,
      state: { values: {} },
      hash: `${Math.floor(Date.now() / 1000)}.${String(this.hashCounter).padStart(8, '0')}`,
    };
  }
}
