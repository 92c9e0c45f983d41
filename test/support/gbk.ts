// A GBK encoder for tests: Node decodes GB18030 but does not encode it, and the point of these tests
// is files as a Chinese Excel saves them. The table is built by decoding every two-byte GBK code once.
let table: Map<string, Buffer> | undefined;

function build(): Map<string, Buffer> {
  const decoder = new TextDecoder('gb18030');
  const map = new Map<string, Buffer>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const bytes = Buffer.from([lead, trail]);
      const char = decoder.decode(bytes);
      if (char.length === 1 && char !== '\uFFFD' && !map.has(char)) map.set(char, bytes);
    }
  }
  return map;
}

/** `text` in GBK; throws on a character GBK has no code for. */
export function encodeGbk(text: string): Buffer {
  table ??= build();
  const parts: Buffer[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x80) parts.push(Buffer.from([code]));
    else {
      const bytes = table.get(char);
      if (!bytes) throw new Error(`no GBK code for ${char}`);
      parts.push(bytes);
    }
  }
  return Buffer.concat(parts);
}
