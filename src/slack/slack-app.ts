import bolt from '@slack/bolt';
import type { Logger } from 'pino';
import type { OpsRoute } from '../ops/ops-routes.js';
import type { Secret } from '../secret.js';
import { boltLogger } from './bolt-logger.js';
import { webClientOptions } from './web-client-options.js';

const { App, HTTPReceiver, SocketModeReceiver } = bolt;

/** Slack's requests are a few KiB; a larger body is refused (413) before it is parsed or even verified. */
export const MAX_REQUEST_BODY_BYTES = 64 * 1024;

export interface SlackAppSettings {
  readonly botToken: Secret;
  readonly signingSecret?: Secret;
  readonly appToken?: Secret;
  readonly apiUrl?: string;
  readonly port: number;
}

/**
 * The Bolt app: Socket Mode when an app token is set (no ingress needed),
 * otherwise the HTTP receiver on PORT at /slack/events, which verifies
 * signatures and refuses requests older than five minutes. The ops routes
 * are served on PORT in both modes.
 */
export function createSlackApp(settings: SlackAppSettings, routes: readonly OpsRoute[], log: Logger): bolt.App {
  const logger = boltLogger(log);
  const clientOptions = webClientOptions(settings.apiUrl);
  const customRoutes = routes.map((r) => ({ path: r.path, method: r.method, handler: r.handler }));
  const receiver = settings.appToken
    ? new SocketModeReceiver({
        appToken: settings.appToken.reveal(),
        logger,
        customRoutes,
        installerOptions: { port: settings.port, clientOptions },
      })
    : new HTTPReceiver({
        signingSecret: settings.signingSecret?.reveal() ?? '',
        endpoints: '/slack/events',
        port: settings.port,
        bodyLimit: MAX_REQUEST_BODY_BYTES,
        customRoutes,
        logger,
      });
  // No conversation store: nothing reads context.conversation, and Bolt's in-memory one makes an Error for every request it finds nothing for.
  return new App({ token: settings.botToken.reveal(), receiver, logger, clientOptions, convoStore: false });
}
