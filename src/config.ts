import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DRIVERS } from './capture/driver.js';
import type { CaptureLimits } from './capture/capture-spec.js';
import { parseDurationSeconds } from './capture/duration.js';
import { Secret } from './secret.js';

/** Which parts of capturebot this process runs. */
export const ROLES = ['bot', 'worker', 'all'] as const;
export type Role = (typeof ROLES)[number];

/** A missing or malformed setting; its message is one line naming the setting. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const SEVEN_DAYS_SECONDS = 7 * 86_400;
/** sysdig 0.40.1, the image's tag on Docker Hub. */
export const DEFAULT_CAPTURE_IMAGE = 'docker.io/sysdig/sysdig:0.40.1';

const duration = (min: number, max: number) =>
  z.string().transform((text, ctx) => {
    const seconds = parseDurationSeconds(text.trim());
    if (seconds === undefined) {
      ctx.addIssue({ code: 'custom', message: `must be a duration like 30s, 15m, 24h or 7d (got "${text}")` });
      return z.NEVER;
    }
    if (seconds < min || seconds > max) {
      ctx.addIssue({ code: 'custom', message: `must be between ${min}s and ${max}s (got ${text})` });
      return z.NEVER;
    }
    return seconds;
  });

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => ['true', '1', 'yes'].includes(v));

const url = (protocols: readonly string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL (${protocols.join(' or ')})`);

const secret = (prefix?: string) =>
  z
    .string()
    .min(1)
    .refine((v) => !prefix || v.startsWith(prefix), `must start with ${prefix}`)
    .transform((v) => new Secret(v));

// [registry[:port]/]path[:tag][@sha256:digest], with a tag or a digest: an untagged name would mean
// whatever :latest is today, and the admission policy compares the exact string.
const IMAGE_REFERENCE =
  /^(?:[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::\w[\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
const imageReference = z
  .string()
  .regex(IMAGE_REFERENCE, 'must be an image reference like docker.io/sysdig/sysdig:0.40.1 or REPOSITORY@sha256:<digest>')
  .refine((v) => /:\w[\w.-]*$|@sha256:/.test(v.slice(v.lastIndexOf('/') + 1)), 'must name a tag or, better, a digest (REPOSITORY@sha256:<digest>)');

const MIN_SIGNING_KEY_LENGTH = 32;
const signingKeys = z
  .string()
  .transform((text) => text.split(/[\s,]+/).filter((key) => key.length > 0))
  .refine((keys) => keys.length > 0, 'must hold at least one key')
  .refine((keys) => keys.every((key) => key.length >= MIN_SIGNING_KEY_LENGTH), `each key must be at least ${MIN_SIGNING_KEY_LENGTH} characters (e.g. openssl rand -hex 32)`)
  .transform((keys) => keys.map((key) => new Secret(key)));

const quantity = z.string().regex(/^\d+(\.\d+)?(Ki|Mi|Gi|Ti|K|M|G|T)?$/, 'must be a Kubernetes quantity like 2Gi');

const commonShape = {
  SLACK_BOT_TOKEN: secret('xoxb-'),
  SLACK_API_URL: url(['http:', 'https:']).optional(),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, - or _').default('capturebot'),
  PORT: integer(0, 65_535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where the audit trail is also posted, one line per event; unset: the logs only. */
  AUDIT_CHANNEL: z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a Slack channel id like C0AUDIT').optional(),
  /** How long SIGTERM waits for running work before releasing it and exiting, in seconds. */
  SHUTDOWN_GRACE: duration(1, 3_600).default(25),
  /** The bot refuses longer requests; the worker refuses longer jobs whatever Redis says. */
  MAX_DURATION: duration(1, 86_400).default(300),
  MAX_SNAPLEN: integer(1, 65_535).default(4096),
  /** The keys capture jobs are signed with (the first) and verified with (any), comma-separated; never stored in Redis. */
  JOB_SIGNING_KEY: signingKeys.optional(),
  /** A file holding JOB_SIGNING_KEY's keys, one a line (a mounted Secret). */
  JOB_SIGNING_KEY_FILE: z.string().min(1).optional(),
};

const botShape = {
  SLACK_SIGNING_SECRET: secret().optional(),
  SLACK_APP_TOKEN: secret('xapp-').optional(),
  CAPTURE_DRIVER: z.enum(DRIVERS).default('modern-bpf'),
  CAPTUREBOT_POLICY: z.string().min(1).optional(),
  /** How long an approval card waits for a decision, in seconds. */
  APPROVAL_TTL: duration(1, SEVEN_DAYS_SECONDS).default(900),
  /** Capture requests one person may make in a sliding hour. */
  MAX_REQUESTS_PER_USER_PER_HOUR: integer(1, 10_000).default(10),
  /** How long the bot waits for a worker to resolve a target before saying no worker runs, in seconds. */
  RESOLVE_TIMEOUT: duration(1, 120).default(10),
  /** The bearer token Alertmanager sends to POST /alertmanager; unset: the endpoint is off (404). */
  ALERTMANAGER_TOKEN: secret().refine((token) => token.reveal().length >= 16, 'must be at least 16 characters (a random token)').optional(),
  /** Other subcommands (list, status, cancel) and fresh-link clicks one person may make in a sliding minute. */
  MAX_COMMANDS_PER_USER_PER_MINUTE: integer(1, 10_000).default(30),
};

const workerShape = {
  /** The cluster this worker serves (its kubeconfig's or service account's): it takes only that cluster's jobs. */
  CLUSTER_NAME: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS-1123 label like prod-eu').max(63, 'must be at most 63 characters').default('default'),
  CAPTURE_NAMESPACE: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a namespace name').default('capturebot-captures'),
  CAPTURE_IMAGE: imageReference.default(DEFAULT_CAPTURE_IMAGE),
  CAPTURE_SIZE_LIMIT: quantity.default('2Gi'),
  WORKER_CONCURRENCY: integer(1, 100).default(5),
  S3_BUCKET: z.string().min(1),
  S3_REGION: z.string().min(1),
  S3_ENDPOINT: url(['http:', 'https:']).optional(),
  S3_FORCE_PATH_STYLE: boolean.default(false),
  S3_PREFIX: z.string().default(''),
  /** Server-side encryption every upload asks for; unset: the bucket's default encryption. */
  S3_SSE: z.enum(['AES256', 'aws:kms'], { message: 'must be AES256 or aws:kms' }).optional(),
  /** The KMS key of S3_SSE=aws:kms: a key id, key ARN or alias ARN. */
  S3_KMS_KEY_ID: z.string().regex(/^[A-Za-z0-9:/_+=,.@-]+$/, 'must be a KMS key id, key ARN or alias').optional(),
  LINK_TTL: duration(60, SEVEN_DAYS_SECONDS).default(86_400),
  /** How often the janitor looks for capture pods left behind, in seconds. */
  JANITOR_INTERVAL: duration(1, 86_400).default(60),
  /** Captures running at once on one node, and in all; more wait in the queue. */
  MAX_CAPTURES_PER_NODE: integer(1, 100).default(1),
  MAX_CAPTURES: integer(1, 1_000).default(5),
  /** Traces one worker streams to S3 at once; the others wait in order, held by their capture pods (BENCHMARKS.md, issue 15). */
  MAX_UPLOADS: integer(1, 100).default(4),
  /** How many nodes a workload, label selector or node capture may span (one capture pod per node). */
  MAX_NODES_PER_CAPTURE: integer(1, 100).default(5),
  /** The drivers the worker runs captures with; a job asking for another is refused. */
  CAPTURE_DRIVERS: z
    .string()
    .transform((text) => text.split(/[\s,]+/).filter((d) => d.length > 0))
    .pipe(z.array(z.enum(DRIVERS, { message: `must list drivers among ${DRIVERS.join(', ')}` })).min(1, 'must list at least one driver'))
    .default([...DRIVERS]),
};

const commonSchema = z.object(commonShape);
const botSchema = z.object(botShape);
const workerSchema = z.object(workerShape);

/** Every setting, by the part of capturebot that reads it: `common` is read by every role. For docs that must not drift. */
export const SETTING_SCHEMAS = { common: commonSchema, bot: botSchema, worker: workerSchema } as const;

export type CommonSettings = z.infer<typeof commonSchema> & { readonly jobSigningKeys: readonly Secret[] };
export type BotSettings = z.infer<typeof botSchema> & { readonly limits: CaptureLimits };
export type WorkerSettings = z.infer<typeof workerSchema>;

export interface Config {
  readonly role: Role;
  readonly common: CommonSettings;
  readonly bot?: BotSettings;
  readonly worker?: WorkerSettings;
}

type Env = Readonly<Record<string, string | undefined>>;

function parseSection<T extends z.ZodObject>(schema: T, env: Env): z.infer<T> {
  // An empty variable counts as unset, the way shells and manifests usually mean it.
  const present = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const key = String(issue.path[0] ?? '');
  const problem = present[key] === undefined ? 'is required' : issue.message;
  throw new ConfigError(`${key} ${problem}`);
}

function signingKeysOf(common: z.infer<typeof commonSchema>): readonly Secret[] {
  if (common.JOB_SIGNING_KEY && common.JOB_SIGNING_KEY_FILE) {
    throw new ConfigError('JOB_SIGNING_KEY and JOB_SIGNING_KEY_FILE are both set: set one of them');
  }
  if (common.JOB_SIGNING_KEY) return common.JOB_SIGNING_KEY;
  const path = common.JOB_SIGNING_KEY_FILE;
  if (!path) {
    throw new ConfigError('JOB_SIGNING_KEY is required (or JOB_SIGNING_KEY_FILE): the bot signs capture jobs with it and the workers run only jobs it signed');
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`JOB_SIGNING_KEY_FILE ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const parsed = signingKeys.safeParse(text);
  if (!parsed.success) throw new ConfigError(`JOB_SIGNING_KEY_FILE ${path}: ${parsed.error.issues[0]?.message ?? 'unreadable'}`);
  return parsed.data;
}

/** Reads and validates the settings the given role uses; throws ConfigError naming the first bad one. */
export function loadConfig(role: Role, env: Env): Config {
  const common = parseSection(commonSchema, env);
  const usesBot = role === 'bot' || role === 'all';
  const usesWorker = role === 'worker' || role === 'all';
  let bot: BotSettings | undefined;
  if (usesBot) {
    const section = parseSection(botSchema, env);
    if (!section.SLACK_APP_TOKEN && !section.SLACK_SIGNING_SECRET) {
      throw new ConfigError('SLACK_SIGNING_SECRET is required in HTTP mode (set it, or SLACK_APP_TOKEN for Socket Mode)');
    }
    bot = {
      ...section,
      limits: {
        minDurationSeconds: 1,
        maxDurationSeconds: common.MAX_DURATION,
        maxSnaplen: common.MAX_SNAPLEN,
        defaultDriver: section.CAPTURE_DRIVER,
      },
    };
  }
  const worker = usesWorker ? parseSection(workerSchema, env) : undefined;
  if (worker?.S3_SSE === 'aws:kms' && !worker.S3_KMS_KEY_ID) {
    throw new ConfigError('S3_KMS_KEY_ID is required when S3_SSE is aws:kms (the KMS key the traces are encrypted with)');
  }
  if (worker?.S3_KMS_KEY_ID && worker.S3_SSE !== 'aws:kms') {
    throw new ConfigError('S3_KMS_KEY_ID is set but S3_SSE is not aws:kms: set S3_SSE=aws:kms, or unset S3_KMS_KEY_ID');
  }
  if (worker && worker.MAX_NODES_PER_CAPTURE > worker.MAX_CAPTURES) {
    throw new ConfigError(
      `MAX_NODES_PER_CAPTURE (${worker.MAX_NODES_PER_CAPTURE}) must not exceed MAX_CAPTURES (${worker.MAX_CAPTURES}): a capture over that many nodes could never get a slot on each`,
    );
  }
  if (bot && worker && !worker.CAPTURE_DRIVERS.includes(bot.CAPTURE_DRIVER)) {
    throw new ConfigError(`CAPTURE_DRIVER ${bot.CAPTURE_DRIVER} is not among CAPTURE_DRIVERS (${worker.CAPTURE_DRIVERS.join(', ')}): the worker would refuse every default request`);
  }
  // Checked after the role's own settings, so a half-configured role first hears about those.
  const jobSigningKeys = signingKeysOf(common);
  return { role, common: { ...common, jobSigningKeys }, ...(bot && { bot }), ...(worker && { worker }) };
}
