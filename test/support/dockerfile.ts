/** One Dockerfile instruction: its keyword (upper case) and the rest of its line(s), continuations joined. */
export interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** A build stage: the FROM line's image and alias, and the instructions after it. */
export interface Stage {
  readonly image: string;
  readonly name?: string;
  readonly instructions: readonly Instruction[];
}

/**
 * Splits a Dockerfile into stages. Enough of the format for checking our own
 * file: comments, parser directives and `\` continuations; no heredocs.
 */
export function parseDockerfile(text: string): Stage[] {
  const stages: { image: string; name?: string; instructions: Instruction[] }[] = [];
  for (const line of logicalLines(text)) {
    const match = /^(\w+)\s*(.*)$/s.exec(line);
    if (!match) throw new Error(`not an instruction: ${line}`);
    const keyword = match[1]!.toUpperCase();
    const args = match[2]!.trim();
    if (keyword === 'FROM') {
      const from = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!from) throw new Error(`cannot read FROM ${args}`);
      stages.push({ image: from[1]!, ...(from[2] !== undefined && { name: from[2] }), instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) {
      if (keyword === 'ARG') continue;
      throw new Error(`${keyword} before the first FROM`);
    }
    stage.instructions.push({ keyword, args });
  }
  return stages;
}

function logicalLines(text: string): string[] {
  const lines: string[] = [];
  let pending = '';
  for (const raw of text.split(/\r?\n/)) {
    const trimmed = raw.trim();
    // Comments (and parser directives) may sit inside a continued instruction too.
    if (trimmed.startsWith('#')) continue;
    if (trimmed === '' && pending === '') continue;
    if (trimmed.endsWith('\\')) {
      pending += `${trimmed.slice(0, -1).trim()} `;
      continue;
    }
    const line = (pending + trimmed).trim();
    pending = '';
    if (line !== '') lines.push(line);
  }
  if (pending.trim() !== '') lines.push(pending.trim());
  return lines;
}

/** The JSON (exec) form of CMD, ENTRYPOINT or RUN, or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
    throw new Error(`not a JSON array of strings: ${args}`);
  }
  return parsed;
}

/** HEALTHCHECK's options and its command (exec form), or NONE. */
export function healthcheck(args: string): { options: Record<string, string>; command?: string[] } {
  const options: Record<string, string> = {};
  let rest = args;
  for (let option = /^--([\w-]+)=(\S+)\s+/.exec(rest); option; option = /^--([\w-]+)=(\S+)\s+/.exec(rest)) {
    options[option[1]!] = option[2]!;
    rest = rest.slice(option[0].length);
  }
  if (rest.toUpperCase() === 'NONE') return { options };
  const cmd = /^CMD\s+(.*)$/is.exec(rest);
  if (!cmd) throw new Error(`cannot read HEALTHCHECK ${args}`);
  const command = execForm(cmd[1]!.trim());
  return { options, ...(command && { command }) };
}

/** COPY's sources and destination, and the stage it copies from (`--from`). */
export function copyArgs(args: string): { from?: string; sources: string[]; destination: string } {
  const words = args.split(/\s+/);
  let from: string | undefined;
  while (words[0]?.startsWith('--')) {
    const flag = words.shift()!;
    const value = /^--from=(.+)$/.exec(flag);
    if (value) from = value[1];
  }
  const destination = words.pop();
  if (destination === undefined || words.length === 0) throw new Error(`cannot read COPY ${args}`);
  return { ...(from !== undefined && { from }), sources: words, destination };
}
