// The S3 stand-in as a process of its own (bench/s3-process.ts starts it): prints where it listens, serves until stdin closes.
import { startS3Server } from '../test/support/s3-server.js';

const s3 = await startS3Server();
const { endpoint, bucket, region, credentials, dir } = s3;
process.stdout.write(`${JSON.stringify({ endpoint, bucket, region, credentials, dir })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void s3.close().finally(() => process.exit(0));
});
