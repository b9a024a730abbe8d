/** Who the stand-in's workspace, app and bot are; every id a Slack payload or response carries. */
export interface Workspace {
  readonly teamId: string;
  readonly teamDomain: string;
  readonly appId: string;
  readonly botId: string;
  readonly botUserId: string;
  readonly botName: string;
  /** The legacy verification token Slack still puts in every payload. */
  readonly verificationToken: string;
}

export const defaultWorkspace: Workspace = {
  teamId: 'T0CAPTURE1',
  teamDomain: 'capturebot-test',
  appId: 'A0CAPTURE1',
  botId: 'B0CAPTURE1',
  botUserId: 'U0CAPTUREBOT',
  botName: 'capturebot',
  verificationToken: 'legacy-verification-token',
};
