/**
 * Escaping for everything the renderers put into HTML, SVG and Atom: text and attribute values alike
 * (the five XML specials), so a monitor name or a label from Prometheus can never become markup.
 */
const SPECIALS: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeXml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => SPECIALS[c] as string);
}
