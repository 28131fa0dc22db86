/**
 * @module
 * Key order shared with SQLite. c1z ids are TEXT, which SQLite compares bytewise as UTF-8:
 * that is Unicode code-point order, which differs from JavaScript's `<` (UTF-16 code units)
 * only past U+FFFF. Merging two sorted streams needs the store's order exactly.
 */

/** Maps a UTF-16 code unit so that surrogates (code points above U+FFFF) sort after U+E000–U+FFFF. */
function rank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

/** Compares two strings in Unicode code-point order (= bytewise UTF-8 order, = SQLite's). */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}
