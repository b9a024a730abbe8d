const MAX_SHOWN_CHARACTERS = 80;

/**
 * A word of the command as a problem message quotes it: in a code span, cut
 * short, with control characters made visible. A word holding a backtick
 * (which would end the code span) is put in double quotes instead. The result
 * is plain text: `&`, `<` and `>` are not escaped for mrkdwn here.
 */
export function showToken(token: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it looks for
  const visible = token.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const characters = [...visible];
  const shown = characters.length > MAX_SHOWN_CHARACTERS ? `${characters.slice(0, MAX_SHOWN_CHARACTERS - 1).join('')}…` : visible;
  return shown.includes('`') ? `"${shown}"` : `\`${shown}\``;
}
