interface Rule {
  readonly pattern: RegExp;
  readonly exception: boolean;
}

/**
 * Reads a .dockerignore the way the Docker CLI does: patterns are relative to
 * the context root, `*` and `?` stay within one path segment, `**` spans any
 * number of them, `!` re-includes, the last matching line wins, and ignoring a
 * directory ignores everything under it.
 */
export function dockerignore(text: string): (path: string) => boolean {
  const rules: Rule[] = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const exception = line.startsWith('!');
      const pattern = (exception ? line.slice(1) : line).trim().replace(/^\/+/, '').replace(/\/+$/, '');
      return { pattern: globToRegExp(pattern), exception };
    });
  return (path: string) => {
    const parts = path.replace(/^\.?\/+/, '').split('/');
    let ignored = false;
    for (const rule of rules) {
      const matches = parts.some((_, i) => rule.pattern.test(parts.slice(0, i + 1).join('/')));
      if (matches) ignored = !rule.exception;
    }
    return ignored;
  };
}

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') {
      source += '[^/]*';
    } else if (c === '?') {
      source += '[^/]';
    } else {
      source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}
