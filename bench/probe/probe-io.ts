import { DeleteObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';

/** What a probe process is told to measure (JSON in BENCH_PROBE). */
export interface ProbeConfig {
  readonly kubeconfigPath: string;
  readonly s3: { readonly endpoint: string; readonly bucket: string; readonly region: string };
  readonly runs: number;
  /** One discarded run first (cold page cache, lazy module loading). */
  readonly warmup: boolean;
  /** The trace's size, checked against the stored object after each run. */
  readonly bytes: number;
  /** raw: the pod and file to read with a plain exec. */
  readonly raw?: { readonly namespace: string; readonly pod: string; readonly container: string; readonly path: string };
  /** product: the target pod a capture is made of, and the upload settings to try. */
  readonly product?: { readonly namespace: string; readonly pod: string; readonly partSizeBytes: number; readonly queueSize: number };
}

/** One upload as the probe measured it: bytes, ms of the transfer, the probe's RSS before its first upload and at this run's peak. */
export interface ProbeRun {
  readonly bytes: number;
  readonly ms: number;
  readonly rssBaselineKb: number;
  readonly rssPeakKb: number;
}

export function readProbeConfig(): ProbeConfig {
  const text = process.env.BENCH_PROBE;
  if (!text) throw new Error('BENCH_PROBE is not set');
  return JSON.parse(text) as ProbeConfig;
}

/** The S3 connection both probes use: the same endpoint and checksum mode capturebot is configured with. */
export function s3Client(config: ProbeConfig): S3Client {
  return new S3Client({
    region: config.s3.region,
    endpoint: config.s3.endpoint,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Runs one upload while sampling RSS, checks the stored size, then deletes the object to spare the disk. */
async function measure(config: ProbeConfig, client: S3Client, rssBaselineKb: number, upload: () => Promise<{ ms: number; key: string }>): Promise<ProbeRun> {
  let rssPeakKb = process.memoryUsage.rss() / 1024;
  const timer = setInterval(() => {
    rssPeakKb = Math.max(rssPeakKb, process.memoryUsage.rss() / 1024);
  }, 20);
  let result: { ms: number; key: string };
  try {
    result = await upload();
  } finally {
    clearInterval(timer);
  }
  rssPeakKb = Math.max(rssPeakKb, process.memoryUsage.rss() / 1024);
  const head = await client.send(new HeadObjectCommand({ Bucket: config.s3.bucket, Key: result.key }));
  if (head.ContentLength !== config.bytes) throw new Error(`stored ${head.ContentLength} bytes, expected ${config.bytes}`);
  await client.send(new DeleteObjectCommand({ Bucket: config.s3.bucket, Key: result.key }));
  return { bytes: config.bytes, ms: result.ms, rssBaselineKb, rssPeakKb };
}

/** Growth is counted from before the first upload, as the worker's is from before its first large capture. */
export async function runProbe(config: ProbeConfig, client: S3Client, once: () => Promise<{ ms: number; key: string }>): Promise<void> {
  const rssBaselineKb = process.memoryUsage.rss() / 1024;
  if (config.warmup) await measure(config, client, rssBaselineKb, once);
  for (let i = 0; i < config.runs; i++) {
    const run = await measure(config, client, rssBaselineKb, once);
    process.stdout.write(`${JSON.stringify(run)}\n`);
  }
  client.destroy();
}
