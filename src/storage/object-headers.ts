/**
 * `attachment; filename="…"` for a download. Trace names are ASCII by construction (pod names are
 * DNS labels); anything else is replaced rather than escaped, so the header is always valid and the
 * name cannot break out of its quotes.
 */
export function attachmentDisposition(fileName: string): string {
  return `attachment; filename="${asciiHeaderValue(fileName).replace(/["\\]/g, '_')}"`;
}

/** Object metadata travels as `x-amz-meta-*` headers, which must be printable ASCII. */
export function asciiHeaderValue(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '_');
}
