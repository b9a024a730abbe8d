/** A Web API failure as Slack reports it: HTTP 200 with `{ ok: false, error: code }`. */
export class SlackApiError extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'SlackApiError';
  }
}
