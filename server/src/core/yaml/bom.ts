// Editors drop a UTF-8 byte order mark from the text they hold, and positions
// count from after it; files read from disk drop it too, so columns agree.
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
