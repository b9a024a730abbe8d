import { createHmac } from 'node:crypto';

export interface SigningOptions {
  /** Defaults to the stand-in's signing secret. */
  readonly signingSecret?: string;
  /** Unix seconds for X-Slack-Request-Timestamp; defaults to now. An old one forges a replay. */
  readonly timestamp?: number;
  /** Sends a signature that does not match the body (what a forged request looks like). */
  readonly forgeSignature?: boolean;
}

/** Slack's v0 request signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{rawBody}`. */
export function slackSignature(signingSecret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

/** The headers Slack sends with a signed form POST to an app. */
export function signedFormHeaders(defaultSecret: string, rawBody: string, options: SigningOptions = {}): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const secret = options.signingSecret ?? defaultSecret;
  const signature = options.forgeSignature
    ? slackSignature(`${secret}-forged`, timestamp, rawBody)
    : slackSignature(secret, timestamp, rawBody);
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signature,
  };
}
