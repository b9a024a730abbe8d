/**
 * Slack's markup: `<@U…|name>`, `<#C…|name>`, `<!here>`, `<!subteam^S…|@team>`,
 * and links `<https://…|label>` / `<mailto:…>`. Anything else between `<` and `>`
 * is left alone, so text that never went through Slack (a button's value) keeps
 * a literal `fd.port<1024 and fd.port>80`.
 */
const MARKUP = /<([@#!])([^<>|\s]+)(?:\|([^<>]*))?>|<([a-z][a-z0-9+.-]*:[^<>|\s]+)(?:\|([^<>]*))?>/gi;
const ENTITY = /&(amp|lt|gt);/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033]/g; // “ ” „ ‟ ″
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032]/g; // ‘ ’ ‚ ‛ ′
const ODD_SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
const ZERO_WIDTH = /[\u200B\u2060\uFEFF]/g;

function special(id: string, label: string | undefined): string {
  const [command, arg] = id.split('^');
  if (command === 'here' || command === 'channel' || command === 'everyone') return `@${command}`;
  if (command === 'subteam') return `@${(label ?? arg ?? command).replace(/^@/, '')}`;
  return label ?? ''; // `<!date^…|fallback>`
}

function markup(sigil?: string, id?: string, label?: string, url?: string, urlLabel?: string): string {
  if (url !== undefined) return urlLabel || url;
  if (sigil === '#') return `#${label || id}`;
  if (sigil === '!') return special(id ?? '', label || undefined);
  return `@${(label || id || '').replace(/^@/, '')}`;
}

/**
 * Turns the `text` of a slash command, as Slack sends it, back into what the
 * person typed: mentions become `@name` (or `@U…` when Slack gives no name),
 * channels `#name`, links their label (Slack links `web.example.com` on its own,
 * and the label is what was typed), `&amp;` `&lt;` `&gt;` their characters,
 * smart quotes plain quotes, non-breaking and other Unicode spaces a space, and
 * zero-width characters disappear. Typographic dashes are left alone: whether
 * `—` stood for `-` or `--` depends on the grammar (see tokenize.ts).
 */
export function decodeSlackText(text: string): string {
  return text
    .replace(MARKUP, (_all: string, sigil?: string, id?: string, label?: string, url?: string, urlLabel?: string) =>
      markup(sigil, id, label, url, urlLabel),
    )
    .replace(ENTITY, (_all, name: string) => ENTITIES[name] ?? '')
    .replace(DOUBLE_QUOTES, '"')
    .replace(SINGLE_QUOTES, "'")
    .replace(ODD_SPACES, ' ')
    .replace(ZERO_WIDTH, '');
}
