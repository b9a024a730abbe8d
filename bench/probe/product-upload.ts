import { KubeConfig } from '@kubernetes/client-node';
import { ulid } from 'ulid';
import type { CaptureJob } from '../../src/capture/capture-job.js';
import { DEFAULT_CAPTURE_POD_SETTINGS } from '../../src/kube/capture-pod-settings.js';
import { KubeCaptureCluster } from '../../src/kube/kube-capture-cluster.js';
import { createLogger } from '../../src/log.js';
import { S3TraceStore } from '../../src/storage/s3-trace-store.js';
import type { ProgressNotifier } from '../../src/worker/ports.js';
import { processCapture } from '../../src/worker/process-capture.js';
import { CAPTURE_NAMESPACE } from '../../test/support/capturebot-harness.js';
import { readProbeConfig, runProbe, s3Client } from './probe-io.js';

/**
 * The worker's own path with chosen upload settings: processCapture over the real cluster adapter
 * and S3 store. The transfer is timed from the 'uploading' stage to the link being handed over.
 */
const config = readProbeConfig();
const settings = config.product;
if (!settings) throw new Error('product probe needs config.product');
const kubeConfig = new KubeConfig();
kubeConfig.loadFromFile(config.kubeconfigPath);
const cluster = new KubeCaptureCluster(kubeConfig, { ...DEFAULT_CAPTURE_POD_SETTINGS, namespace: CAPTURE_NAMESPACE });
const store = new S3TraceStore({
  bucket: config.s3.bucket,
  region: config.s3.region,
  endpoint: config.s3.endpoint,
  forcePathStyle: true,
  partSizeBytes: settings.partSizeBytes,
  queueSize: settings.queueSize,
});

async function once(): Promise<{ ms: number; key: string }> {
  let uploadingAt = Number.NaN;
  let deliveredAt = Number.NaN;
  let key = '';
  // Records when the stages are reported; Slack plays no part in the transfer.
  const notifier: ProgressNotifier = {
    status: async (_job, status) => {
      if (status.stage === 'uploading') uploadingAt = performance.now();
    },
    delivered: async (_job, artifact) => {
      deliveredAt = performance.now();
      key = artifact.key;
    },
    summarised: async () => {},
  };
  const job: CaptureJob = {
    captureId: ulid(),
    pod: settings!.pod,
    namespace: settings!.namespace,
    durationSeconds: 1,
    snaplen: 80,
    driver: 'modern-bpf',
    requestedBy: 'U0BENCH',
    channel: 'C0BENCH',
    statusTs: '1700000000.000100',
    requestedAt: new Date().toISOString(),
  };
  const deps = { cluster, store, notifier, log: createLogger('silent'), objectPrefix: 'bench/', linkTtlSeconds: 3600, triageTimeoutMs: 1 };
  await processCapture(job, deps, new AbortController().signal);
  return { ms: deliveredAt - uploadingAt, key };
}

await runProbe(config, s3Client(config), once);
store.close();
