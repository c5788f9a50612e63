const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * User text made inert in Markdown: characters that would start emphasis, code, links, HTML, entities, headings
 * or tables are backslash-escaped (with `[` escaped no link can form, so parentheses stay as they are), and line
 * breaks become spaces so that a note stays inside its list item.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n|\r/g, ' ').replace(/([\\`*_[\]<>#|~&])/g, '\\$1');
}
