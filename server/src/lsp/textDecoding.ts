// Bytes from disk to text, as editors open them: UTF-16 (little or big
// endian) when the file starts with its byte order mark, or when it plainly is
// UTF-16 without one (text mostly in ASCII range: every other byte is zero), UTF-8
// otherwise (invalid sequences become U+FFFD, as VS Code shows them). Binary
// files stay as they are decoded: the YAML precheck refuses them.
import { withoutBom } from '../core/yaml/bom';

/** How many leading bytes decide whether a file without BOM is UTF-16. */
const SNIFF_BYTES = 4096;

export function decodeText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return swapped(bytes.subarray(2)).toString('utf16le');
  const unmarked = utf16Without(bytes);
  if (unmarked === 'le') return bytes.toString('utf16le');
  if (unmarked === 'be') return swapped(bytes).toString('utf16le');
  return withoutBom(bytes.toString('utf8'));
}

/** UTF-16 without a BOM: zeros in most odd (LE) or even (BE) bytes of the start, and hardly any in the others. */
function utf16Without(bytes: Buffer): 'le' | 'be' | undefined {
  const n = Math.min(bytes.length, SNIFF_BYTES) & ~1;
  if (n < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  // Mostly ASCII-range text: zeros in most high bytes, almost none in the low ones (U+xx00 is rare).
  const pairs = n / 2;
  if (oddZeros >= pairs / 2 && evenZeros <= pairs / 50) return 'le';
  if (evenZeros >= pairs / 2 && oddZeros <= pairs / 50) return 'be';
  return undefined;
}

function swapped(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes.subarray(0, bytes.length & ~1));
  out.swap16();
  return out;
}
