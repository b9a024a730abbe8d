/** Slack's error code (e.g. `not_in_channel`) when the Web API gave one, else the error's message. */
export function slackError(error: unknown): string {
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : (error as Error).message;
}

/** Slack's error code when the Web API gave one; undefined for a timeout or a network failure. */
export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}
