import { randomBytes, randomInt } from 'node:crypto';

/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter (the RFC's "fixed bit-length
 * dedicated counter"), then 62 random bits. Ids made by one process only ever increase, even within one
 * millisecond or when the clock steps back, so they order events that share a timestamp.
 */
export function createUuidV7Generator(): (epochMs: number) => string {
  let lastMs = -1;
  let counter = 0;
  return (epochMs) => {
    let ms = Math.max(Math.trunc(epochMs), lastMs);
    if (ms > lastMs) {
      // Start low in the counter's range so that many ids fit in one millisecond.
      counter = randomInt(0, 0x800);
    } else if (counter < 0xfff) {
      counter += 1;
    } else {
      // 4,096 ids in one millisecond: borrow the next one rather than repeat or go backwards.
      ms += 1;
      counter = 0;
    }
    lastMs = ms;

    const bytes = randomBytes(16);
    bytes.writeUIntBE(ms, 0, 6);
    bytes.writeUInt16BE(0x7000 | counter, 6);
    // The variant bits (10) over the random tail.
    bytes.writeUInt8(0x80 | (bytes.readUInt8(8) & 0x3f), 8);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}
