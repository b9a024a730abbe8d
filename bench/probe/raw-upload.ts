import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { Upload } from '@aws-sdk/lib-storage';
import { Exec, KubeConfig, type V1Status } from '@kubernetes/client-node';
import { readProbeConfig, runProbe, s3Client } from './probe-io.js';

/**
 * The baseline, with no capturebot code: `cat` of the trace through client-node's exec into a
 * PassThrough, uploaded by lib-storage's Upload with its defaults (5 MiB parts, 4 at a time).
 */
const config = readProbeConfig();
const target = config.raw;
if (!target) throw new Error('raw probe needs config.raw');
const kubeConfig = new KubeConfig();
kubeConfig.loadFromFile(config.kubeconfigPath);
const client = s3Client(config);

async function once(): Promise<{ ms: number; key: string }> {
  const key = `bench/raw-${randomUUID()}`;
  const started = performance.now();
  const body = new PassThrough();
  const stderr = new PassThrough().resume();
  const exited = new Promise<void>((resolve, reject) => {
    const onStatus = (status: V1Status): void => {
      if (status.status !== 'Success') {
        reject(new Error(`cat failed: ${JSON.stringify(status)}`));
        return;
      }
      if (!body.writableEnded) body.end();
      resolve();
    };
    new Exec(kubeConfig).exec(target!.namespace, target!.pod, target!.container, ['cat', target!.path], body, stderr, null, false, onStatus).catch(reject);
  });
  const upload = new Upload({ client, params: { Bucket: config.s3.bucket, Key: key, Body: body } });
  await Promise.all([upload.done(), exited]);
  return { ms: performance.now() - started, key };
}

await runProbe(config, client, once);
