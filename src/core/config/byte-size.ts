/**
 * @module
 * Sizes as a setting's text: a bare number counts MiB, as Baton's `…_MB` variables do
 * (baton-sdk pkg/dotc1z/decoder.go multiplies BATON_DECODER_MAX_DECODED_SIZE_MB by 1024²), or a
 * number with a binary unit: `64KiB`, `512MiB`, `20GiB`, `1.5TiB`. `K`/`KB`, `M`/`MB`, `G`/`GB`
 * and `T`/`TB` are binary too, as they are in Baton's names.
 */

const UNITS: Readonly<Record<string, number>> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };
const SIZE = /^(\d+(?:\.\d+)?)\s*(?:([kmgt])(?:i?b)?)?$/i;
/** Far beyond any disk, and well inside the integers a double holds exactly. */
const MAX_BYTES = 1024 * UNITS["t"]!;

/** The size in bytes, or undefined when `text` is not a size. */
export function parseByteSize(text: string): number | undefined {
  const match = SIZE.exec(text.trim());
  if (!match) return undefined;
  const bytes = Math.floor(Number(match[1]) * UNITS[(match[2] ?? "m").toLowerCase()]!);
  return bytes >= 1 && bytes <= MAX_BYTES ? bytes : undefined;
}

/** For a setting's `validate`: the problem with `text` as a size, or undefined. */
export function byteSizeProblem(text: string): string | undefined {
  return parseByteSize(text) === undefined
    ? "must be a size: MiB, or a number with a unit such as 512MiB or 20GiB (at most 1024TiB)"
    : undefined;
}
