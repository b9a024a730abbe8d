import type { AddressInfo } from 'node:net';
import type { ChannelMessage, EphemeralMessage } from './channel-state.js';
import type { FaultSpec } from './fault-plan.js';
import type { MethodContext } from './method-types.js';
import type { OpenedView } from './view-store.js';
import type { Workspace } from './workspace.js';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { appClient } from './app-client.js';
import { CallLog } from './call-log.js';
import { ChannelState } from './channel-state.js';
import { Directory } from './directory.js';
import { FaultPlan } from './fault-plan.js';
import { sendJson } from './http-io.js';
import { ResponseUrls } from './response-urls.js';
import { SocketModeServer } from './socket-mode-server.js';
import { TriggerRegistry } from './trigger-registry.js';
import { ViewStore } from './view-store.js';
import { handleWebApi } from './web-api-handler.js';
import { defaultWorkspace } from './workspace.js';

/** A message posted to a response_url, as the app sent it. */
export interface CommandAnswer {
  readonly response_type?: string;
  readonly text: string;
  readonly replace_original?: boolean;
  readonly blocks?: readonly Record<string, unknown>[];
}

export interface SlackStandInOptions {
  readonly botToken: string;
  readonly signingSecret: string;
  /** An app-level token (xapp-…) turns on apps.connections.open and Socket Mode. */
  readonly appToken?: string;
  /** Added to every Web API answer; default 0. Change later with setLatencyMs. */
  readonly latencyMs?: number;
  /** How long Slack waits for an app's ack (HTTP answer or Socket Mode ack); default 3000. */
  readonly ackTimeoutMs?: number;
  /** How long a trigger_id can open a view; default 3000 as in Slack. */
  readonly triggerTtlMs?: number;
  readonly socketPingIntervalMs?: number;
  readonly workspace?: Partial<Workspace>;
}

/** Starts Slack's side on 127.0.0.1 with a random port: Web API, response URLs and Socket Mode. */
export async function startSlackStandIn(options: SlackStandInOptions) {
  const workspace: Workspace = { ...defaultWorkspace, ...options.workspace };
  let latencyMs = options.latencyMs ?? 0;
  let baseUrl = '';
  const log = new CallLog();
  const faults = new FaultPlan();
  const channels = new ChannelState();
  const directory = new Directory(workspace);
  const views = new ViewStore(workspace);
  const triggers = new TriggerRegistry(options.triggerTtlMs ?? 3000);
  const responseUrls = new ResponseUrls(() => baseUrl);
  const socket = options.appToken === undefined
    ? undefined
    : new SocketModeServer({ appId: workspace.appId, pingIntervalMs: options.socketPingIntervalMs });
  const context: MethodContext = {
    workspace, channels, directory, views, triggers,
    openSocketUrl: () => socket?.issueUrl(baseUrl.replace(/^http/, 'ws')),
  };
  const deps = { context, log, faults, tokens: { bot: options.botToken, app: options.appToken }, latencyMs: () => latencyMs };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', baseUrl);
    const api = /^\/api\/([\w.]+)$/.exec(url.pathname);
    const response = /^\/response\/([\w-]+)$/.exec(url.pathname);
    const handled = api?.[1] !== undefined
      ? handleWebApi(req, res, api[1], url, deps)
      : response?.[1] !== undefined
        ? responseUrls.handle(req, res, response[1])
        : Promise.resolve(sendJson(res, 404, { ok: false, error: 'not_found' }));
    handled.catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'stand_in_failure', detail: String(error) });
      else res.destroy();
    });
  });
  server.on('upgrade', (req, duplex, head) => {
    if (socket && (req.url ?? '').startsWith('/link/')) socket.handleUpgrade(req, duplex, head);
    else duplex.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const client = appClient({
    workspace, signingSecret: options.signingSecret, ackTimeoutMs: options.ackTimeoutMs ?? 3000,
    responseUrls, triggers, views, directory, socket,
  });

  const firstAnswer = async (sent: { readonly responseUrl: string }, timeoutMs = 10_000): Promise<CommandAnswer> => {
    const [post] = await responseUrls.waitForPosts(sent.responseUrl, { timeoutMs });
    return post!.body as unknown as CommandAnswer;
  };

  return {
    /** What Bolt takes as clientOptions.slackApiUrl. */
    apiUrl: `${baseUrl}/api/`,
    baseUrl,
    workspace,
    calls: (method?: string) => log.calls(method),
    waitFor: log.waitFor.bind(log),
    channelMessages: (channel: string): ChannelMessage[] => channels.messages(channel),
    ephemeralMessages: (user?: string): EphemeralMessage[] => channels.ephemeralMessages(user),
    views: (): OpenedView[] => views.all(),
    setUserGroup: (id: string, userIds: readonly string[]) => directory.setUserGroup(id, userIds),
    setChannelMembers: (channel: string, userIds: readonly string[]) => directory.setChannelMembers(channel, userIds),
    /** A user or channel id the workspace does not have: users.info / conversations.info answer user_not_found / channel_not_found. */
    forgetId: (id: string) => directory.forget(id),
    failNext: (method: string, spec: FaultSpec = { status: 500 }) => faults.failNext(method, spec),
    /** A trigger id as Slack hands one out with a command or click, for tests that call views.open directly. */
    issueTriggerId: (userId: string) => triggers.issue(userId),
    setLatencyMs: (ms: number) => {
      latencyMs = ms;
    },
    responses: (responseUrlOrId: string) => responseUrls.posts(responseUrlOrId),
    waitForResponses: responseUrls.waitForPosts.bind(responseUrls),
    /** What a command's sender reads first after the (empty) ack: the first post to its response_url. */
    firstAnswer,
    /** What a command's sender reads first: the ack's own text (help, a mistake), else the first post to its response_url. */
    readFirst: async (sent: { readonly body: unknown; readonly responseUrl: string }, timeoutMs = 10_000): Promise<string> => {
      const acked = (sent.body as { text?: unknown } | '' | undefined) || undefined;
      if (typeof acked?.text === 'string' && acked.text !== '') return acked.text;
      return (await firstAnswer(sent, timeoutMs)).text;
    },
    ...client,
    /** Resolves once the app's Socket Mode client got its hello. */
    waitForSocket: (timeoutMs?: number) => requireSocket(socket).waitForConnection(timeoutMs),
    /** Sends `disconnect` to every Socket Mode connection; Bolt then reconnects through apps.connections.open. */
    disconnectSockets: (reason?: string) => requireSocket(socket).disconnectAll(reason),
    waitForSocketPong: (timeoutMs?: number) => requireSocket(socket).waitForPong(timeoutMs),
    socketConnectionCount: () => socket?.connectionCount ?? 0,
    async close(): Promise<void> {
      await socket?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type SlackStandIn = Awaited<ReturnType<typeof startSlackStandIn>>;

function requireSocket(socket: SocketModeServer | undefined): SocketModeServer {
  if (!socket) throw new Error('Slack stand-in: start it with an appToken to use Socket Mode');
  return socket;
}
