import type { IncomingMessage } from 'node:http';

/** The S3 API operations the stand-in tells apart (path-style requests). */
export type S3Operation =
  | 'HeadBucket'
  | 'ListObjects'
  | 'ListMultipartUploads'
  | 'CreateMultipartUpload'
  | 'UploadPart'
  | 'CompleteMultipartUpload'
  | 'AbortMultipartUpload'
  | 'PutObject'
  | 'GetObject'
  | 'HeadObject'
  | 'DeleteObject'
  | 'Other';

export interface S3Request {
  readonly operation: S3Operation;
  readonly bucket: string;
  readonly key: string;
  readonly query: URLSearchParams;
}

/** Names the operation of a path-style request, the way S3 routes it. */
export function classifyS3Request(req: Pick<IncomingMessage, 'method' | 'url'>): S3Request {
  const url = new URL(req.url ?? '/', 'http://s3.local');
  const [, bucket = '', ...rest] = url.pathname.split('/');
  const key = decodeURIComponent(rest.join('/'));
  const query = url.searchParams;
  return { operation: operationOf(req.method ?? 'GET', key !== '', query), bucket: decodeURIComponent(bucket), key, query };
}

function operationOf(method: string, hasKey: boolean, query: URLSearchParams): S3Operation {
  if (!hasKey) {
    if (method === 'HEAD') return 'HeadBucket';
    if (method === 'GET') return query.has('uploads') ? 'ListMultipartUploads' : 'ListObjects';
    return 'Other';
  }
  switch (method) {
    case 'POST':
      if (query.has('uploads')) return 'CreateMultipartUpload';
      return query.has('uploadId') ? 'CompleteMultipartUpload' : 'Other';
    case 'PUT':
      if (query.has('uploadId') && query.has('partNumber')) return 'UploadPart';
      return query.has('tagging') || query.has('acl') ? 'Other' : 'PutObject';
    case 'DELETE':
      return query.has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject';
    case 'GET':
      return 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    default:
      return 'Other';
  }
}

/** An S3 error response body, as S3 writes it. */
export function s3ErrorXml(code: string, message: string, requestId: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message><RequestId>${requestId}</RequestId></Error>`
  );
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
