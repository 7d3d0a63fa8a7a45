// @ts-check
/**
 * Highlighting as data: the library's char ranges become text segments, and the words a hit
 * matched become ranges in page text. The views turn segments into text nodes and <mark>
 * elements, so nothing here is ever parsed as HTML.
 */

/** @typedef {{ text: string, mark: boolean }} Segment */

/**
 * Splits a snippet by `[start, end)` ranges counted in Unicode scalar values (the library's
 * unit; JS strings count UTF-16 units, hence Array.from). Ranges may be unsorted, overlapping
 * or out of bounds: they are sorted, merged and clamped.
 * @param {string} snippet
 * @param {ReadonlyArray<readonly [number, number] | number[]>} ranges
 * @returns {Segment[]}
 */
export function segments(snippet, ranges) {
  const chars = Array.from(snippet);
  const n = chars.length;
  /** @type {[number, number][]} */
  const clean = [];
  for (const r of ranges) {
    const s = Math.max(0, Math.min(n, Math.floor(Number(r[0]))));
    const e = Math.max(0, Math.min(n, Math.floor(Number(r[1]))));
    if (Number.isFinite(s) && Number.isFinite(e) && e > s) clean.push([s, e]);
  }
  clean.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  /** @type {[number, number][]} */
  const merged = [];
  for (const r of clean) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  /** @type {Segment[]} */
  const out = [];
  let at = 0;
  for (const [s, e] of merged) {
    if (s > at) out.push({ text: chars.slice(at, s).join(''), mark: false });
    out.push({ text: chars.slice(s, e).join(''), mark: true });
    at = e;
  }
  if (at < n || out.length === 0) out.push({ text: chars.slice(at).join(''), mark: false });
  return out;
}

const WORD = /[\p{L}\p{N}_]+/gu;

/**
 * Where in `text` the matched words occur, as `[start, end)` UTF-16 offsets (DOM text node
 * offsets). A word matches a token that starts with it, case-insensitively, so the stem
 * `spawn` marks `spawned`, `spawning`. Words shorter than 2 chars are ignored (noise).
 * @param {string} text
 * @param {readonly string[]} words lowercase
 * @returns {[number, number][]}
 */
export function wordRanges(text, words) {
  const ws = words.map((w) => w.toLowerCase()).filter((w) => w.length >= 2);
  if (ws.length === 0) return [];
  /** @type {[number, number][]} */
  const out = [];
  for (const m of text.matchAll(WORD)) {
    const tok = m[0].toLowerCase();
    if (ws.some((w) => tok.startsWith(w))) {
      const start = m.index ?? 0;
      out.push([start, start + m[0].length]);
    }
  }
  return out;
}
