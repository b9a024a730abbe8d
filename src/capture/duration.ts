const UNIT_SECONDS = { d: 86_400, h: 3_600, m: 60, s: 1 } as const;
const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/**
 * Parses `30s`, `2m`, `1m30s`, `24h`, `7d` or bare seconds (`45`) into seconds.
 * Units go from largest to smallest, each at most once, lowercase, no spaces.
 * Returns undefined for anything else: an empty string, `1.5m`, `30S`, `1s1m`,
 * and totals too large to be exact (beyond Number.MAX_SAFE_INTEGER).
 */
export function parseDurationSeconds(text: string): number | undefined {
  const total = /^\d+$/.test(text) ? Number(text) : sumOfParts(text);
  return total !== undefined && Number.isSafeInteger(total) ? total : undefined;
}

function sumOfParts(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match || text === '') return undefined;
  const [, d, h, m, s] = match;
  return (
    Number(d ?? 0) * UNIT_SECONDS.d +
    Number(h ?? 0) * UNIT_SECONDS.h +
    Number(m ?? 0) * UNIT_SECONDS.m +
    Number(s ?? 0) * UNIT_SECONDS.s
  );
}

/**
 * `90` → `1m30s`, `3600` → `1h`, `86400` → `1d`: largest units first, for messages;
 * parseDurationSeconds reads it back. Fractions are rounded and negatives shown
 * as `0s`, so a message never shows an empty or fractional duration.
 */
export function formatDuration(seconds: number): string {
  let rest = Math.max(0, Math.round(seconds));
  if (rest === 0) return '0s';
  let out = '';
  for (const [unit, size] of Object.entries(UNIT_SECONDS)) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
