import { randomUUID } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { escapeXml, s3ErrorXml } from './s3-operation.js';
import type { S3Request } from './s3-operation.js';

// s3rver 3.7 answers ListMultipartUploads with NotImplemented and AbortMultipartUpload with
// MethodNotAllowed. These two answer them as S3 does, from the upload folders s3rver keeps on disk
// (<dir>/<bucket>/._S3rver_uploads/<uploadId>/{key,metadata,<partNumber>}).

function uploadsDir(root: string, bucket: string): string {
  return path.join(root, bucket, '._S3rver_uploads');
}

/** Whether the stand-in answers this request itself instead of passing it to s3rver. */
export function isMultipartExtra(request: S3Request): boolean {
  return request.operation === 'ListMultipartUploads' || request.operation === 'AbortMultipartUpload';
}

export async function answerMultipartExtra(root: string, request: S3Request, res: ServerResponse): Promise<void> {
  if (request.operation === 'ListMultipartUploads') {
    await listUploads(root, request, res);
  } else {
    await abortUpload(root, request, res);
  }
}

async function listUploads(root: string, request: S3Request, res: ServerResponse): Promise<void> {
  const prefix = request.query.get('prefix') ?? '';
  const uploads = (await pendingUploads(root, request.bucket)).filter((u) => u.key.startsWith(prefix));
  const entries = uploads
    .map(
      (u) =>
        `<Upload><Key>${escapeXml(u.key)}</Key><UploadId>${u.uploadId}</UploadId>` +
        `<Initiated>${u.initiated.toISOString()}</Initiated><StorageClass>STANDARD</StorageClass></Upload>`,
    )
    .join('');
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
    `<Bucket>${escapeXml(request.bucket)}</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker>` +
    `<Prefix>${escapeXml(prefix)}</Prefix><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated>` +
    `${entries}</ListMultipartUploadsResult>`;
  res.writeHead(200, { 'content-type': 'application/xml', 'x-amz-request-id': randomUUID() }).end(body);
}

async function abortUpload(root: string, request: S3Request, res: ServerResponse): Promise<void> {
  const uploadId = request.query.get('uploadId') ?? '';
  const upload = (await pendingUploads(root, request.bucket)).find((u) => u.uploadId === uploadId);
  if (!upload || upload.key !== request.key) {
    const requestId = randomUUID();
    const message = 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.';
    res.writeHead(404, { 'content-type': 'application/xml', 'x-amz-request-id': requestId });
    res.end(s3ErrorXml('NoSuchUpload', message, requestId));
    return;
  }
  await rm(path.join(uploadsDir(root, request.bucket), upload.uploadId), { recursive: true, force: true });
  res.writeHead(204, { 'x-amz-request-id': randomUUID() }).end();
}

interface PendingUpload {
  readonly uploadId: string;
  readonly key: string;
  readonly initiated: Date;
}

/** The multipart uploads s3rver has started and not completed. */
export async function pendingUploads(root: string, bucket: string): Promise<PendingUpload[]> {
  const dir = uploadsDir(root, bucket);
  let ids: string[];
  try {
    ids = await readdir(dir);
  } catch {
    return [];
  }
  const uploads: PendingUpload[] = [];
  for (const uploadId of ids.filter((id) => /^[0-9a-f]+$/.test(id))) {
    const folder = path.join(dir, uploadId);
    try {
      const [key, info] = await Promise.all([readFile(path.join(folder, 'key'), 'utf8'), stat(folder)]);
      uploads.push({ uploadId, key, initiated: info.birthtime });
    } catch {
      // completed or aborted while we looked
    }
  }
  return uploads;
}
