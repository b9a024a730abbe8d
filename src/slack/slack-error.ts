/** Slack's error code (e.g. `not_in_channel`) when the Web API gave one, else the error's message. */
export function slackError(error: unknown): string {
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : (error as Error).message;
}
