/**
 * @module
 * KSUIDs, the sync ids Baton uses (github.com/segmentio/ksuid): 4 bytes of big-endian
 * seconds since 2014-05-13 (epoch 1,400,000,000) followed by 16 random bytes, written as a
 * 27-character base62 number. Ids sort by creation second as plain strings.
 */
import { randomBytes } from "node:crypto";

const KSUID_EPOCH_SECONDS = 1_400_000_000;
const PAYLOAD_BYTES = 16;
const ENCODED_LENGTH = 27;
// Digits, then upper case, then lower case: the order that keeps string order = numeric order.
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A new KSUID for `now`; `payload` (16 bytes) is for tests. */
export function newKsuid(now: Date = new Date(), payload: Uint8Array = randomBytes(PAYLOAD_BYTES)): string {
  if (payload.length !== PAYLOAD_BYTES) throw new RangeError(`a KSUID payload is ${PAYLOAD_BYTES} bytes`);
  const seconds = Math.floor(now.getTime() / 1000) - KSUID_EPOCH_SECONDS;
  if (seconds < 0 || seconds > 0xffff_ffff) throw new RangeError("date outside the KSUID range");
  let value = BigInt(seconds);
  for (const byte of payload) value = (value << 8n) | BigInt(byte);
  let text = "";
  while (value > 0n) {
    text = BASE62[Number(value % 62n)]! + text;
    value /= 62n;
  }
  return text.padStart(ENCODED_LENGTH, "0");
}

/** The creation time encoded in a KSUID, or undefined when `id` is not one. */
export function ksuidTime(id: string): Date | undefined {
  if (id.length !== ENCODED_LENGTH) return undefined;
  let value = 0n;
  for (const char of id) {
    const digit = BASE62.indexOf(char);
    if (digit < 0) return undefined;
    value = value * 62n + BigInt(digit);
  }
  const seconds = Number(value >> BigInt(PAYLOAD_BYTES * 8));
  if (seconds > 0xffff_ffff) return undefined;
  return new Date((seconds + KSUID_EPOCH_SECONDS) * 1000);
}
