/** Longest quote a summary carries; the capture's snaplen may already have cut it shorter. */
export const MAX_QUOTE_CHARS = 160;

/**
 * Bytes as text a chat message can show unchanged: printable ASCII stays,
 * CR, LF and tab become `\r`, `\n`, `\t`, a backslash is doubled and every
 * other byte is `\xNN`. The input is latin1 text (one char per byte).
 */
export function printable(bytes: string, maxChars = MAX_QUOTE_CHARS): { text: string; shortened: boolean } {
  let text = '';
  for (let i = 0; i < bytes.length; i += 1) {
    const piece = escapeByte(bytes.charCodeAt(i));
    if (text.length + piece.length > maxChars) return { text, shortened: true };
    text += piece;
  }
  return { text, shortened: false };
}

function escapeByte(code: number): string {
  switch (code) {
    case 0x0d:
      return '\\r';
    case 0x0a:
      return '\\n';
    case 0x09:
      return '\\t';
    case 0x5c:
      return '\\\\';
  }
  if (code >= 0x20 && code < 0x7f) return String.fromCharCode(code);
  return `\\x${code.toString(16).padStart(2, '0')}`;
}
