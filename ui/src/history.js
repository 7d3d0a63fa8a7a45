// @ts-check
/**
 * Back/forward across pages and anchors. The webview's own history is not used: navigation
 * never changes the document URL, so the app keeps its own list (and each entry's scroll).
 */

/** @typedef {{ route: string, scroll: number }} Entry */

export class NavHistory {
  /** @param {number} [cap] oldest entries are dropped beyond this */
  constructor(cap = 200) {
    /** @type {Entry[]} */
    this.entries = [];
    this.pos = -1;
    this.cap = cap;
  }

  /** @returns {Entry | null} */
  get current() {
    return this.entries[this.pos] ?? null;
  }

  /**
   * A new place: drops the forward entries. Visiting the current route again is a no-op.
   * @param {string} route
   * @param {number} [scroll]
   */
  push(route, scroll = 0) {
    if (this.current?.route === route) return;
    this.entries.splice(this.pos + 1);
    this.entries.push({ route, scroll });
    if (this.entries.length > this.cap) this.entries.splice(0, this.entries.length - this.cap);
    this.pos = this.entries.length - 1;
  }

  /** Remembers where the reader scrolled to, so back returns there. @param {number} scroll */
  setScroll(scroll) {
    const cur = this.current;
    if (cur) cur.scroll = scroll;
  }

  canBack() {
    return this.pos > 0;
  }

  canForward() {
    return this.pos < this.entries.length - 1;
  }

  /** @returns {Entry | null} the entry to show, or null at the start */
  back() {
    if (!this.canBack()) return null;
    this.pos -= 1;
    return this.entries[this.pos];
  }

  /** @returns {Entry | null} */
  forward() {
    if (!this.canForward()) return null;
    this.pos += 1;
    return this.entries[this.pos];
  }
}
