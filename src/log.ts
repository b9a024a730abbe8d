import { pino, type Logger } from 'pino';

/**
 * One JSON line per event. Anything that looks like a credential is redacted
 * by path as a second line of defence; secrets are also typed (src/secret.ts).
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { app: 'capturebot' },
      redact: { paths: ['url', '*.url', 'token', '*.token', 'headers.authorization'], censor: '[redacted]' },
    },
    destination as pino.DestinationStream | undefined,
  );
}
