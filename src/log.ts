import { pino, type DestinationStream, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';

type Output = NodeJS.WritableStream & { readonly isTTY?: boolean };

/**
 * Pretty lines for a person at a terminal. Each line is prettified from the
 * JSON pino wrote, so redaction has already happened; and synchronously, so
 * nothing is lost when the process exits right after logging.
 */
function prettyOutput(output: Output): DestinationStream {
  const prettify = prettyFactory({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,app' });
  return { write: (line: string) => void output.write(prettify(line)) };
}

/**
 * One JSON line per event, or pretty lines when the output is a terminal.
 * Anything that looks like a credential is redacted by path as a second line
 * of defence; secrets are also typed (src/secret.ts).
 */
/** What every line is redacted of; the audit trail's own writer (src/audit) uses it too. */
export const LOG_REDACT = { paths: ['url', '*.url', 'token', '*.token', 'headers.authorization'], censor: '[redacted]' };

export function createLogger(level: string, output: Output = process.stdout): Logger {
  return pino(
    {
      level,
      base: { app: 'capturebot' },
      redact: LOG_REDACT,
    },
    output.isTTY ? prettyOutput(output) : (output as DestinationStream),
  );
}
