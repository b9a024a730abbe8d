import type { WebClientOptions } from '@slack/web-api';

/**
 * Slack's client retries failed calls for up to 30 minutes by default; a
 * status message that is minutes late helps nobody, so give up after ~15 s.
 */
export function webClientOptions(apiUrl: string | undefined): WebClientOptions {
  return {
    ...(apiUrl && { slackApiUrl: apiUrl }),
    retryConfig: { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 5_000, randomize: true },
  };
}
