import { z } from 'zod';

/**
 * The JSON document sysdig's table chisels print with `-j` (topconns,
 * topfiles_errors, table_generator). `info` is not a reliable header: the
 * chisel always writes the value's description at index 3, so with one key
 * it holds a null and with three keys it hides the third. Rows are read by
 * position instead: every cell but the last is a key, the last is the value.
 */
const chiselTableSchema = z.object({
  ts: z.string(),
  data: z.array(z.array(z.union([z.string(), z.number()])).min(1)),
});

export interface ChiselRow {
  readonly keys: readonly string[];
  readonly value: number;
}

export class ChiselOutputError extends Error {
  override readonly name = 'ChiselOutputError';
}

export function parseChiselTable(text: string, keyCount: number): ChiselRow[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ChiselOutputError(`not a sysdig JSON table: ${firstLine(text)}`);
  }
  const parsed = chiselTableSchema.safeParse(json);
  if (!parsed.success) throw new ChiselOutputError(`unexpected sysdig JSON table: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data.data.map((cells) => {
    const value = cells[cells.length - 1];
    const keys = cells.slice(0, -1).map(String);
    if (typeof value !== 'number' || keys.length !== keyCount) {
      throw new ChiselOutputError(`unexpected row in sysdig JSON table: ${JSON.stringify(cells)}`);
    }
    return { keys, value };
  });
}

function firstLine(text: string): string {
  const line = text.trimStart().split('\n', 1)[0] ?? '';
  return line === '' ? '(empty output)' : line.slice(0, 80);
}
