// Markdown escaping for text that comes from tasks (operation names, messages, errors): a tooltip must
// show it as written, never render it as links, images, HTML or theme icons.

/** Escapes Markdown syntax, HTML and `$(icon)` references. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+\-.!|~<>]/g, (char) => `\\${char}`)
    .replace(/\$/g, '\\$')
    .replace(/\r?\n/g, ' ');
}

/** Inline code that survives backticks in the value. */
export function inlineCode(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}
