// Names come from the user's YAML: everything written into markup goes
// through here. Characters XML 1.0 cannot hold at all (controls, lone
// surrogates, U+FFFE/U+FFFF) become U+FFFD, so the file always parses.

const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text and attribute values (either quote) for XML, SVG and HTML. */
export function escapeXml(text: string): string {
  return text.replace(INVALID_XML, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
