// @ts-check
/**
 * A small observable store for app-wide state (the open book, settings, the current route).
 * @template {object} S
 */
export class Store {
  /** @param {S} initial */
  constructor(initial) {
    /** @type {S} */
    this.state = initial;
    /** @type {Set<(s: S, changed: Partial<S>) => void>} */
    this.listeners = new Set();
  }

  /** @param {Partial<S>} patch */
  set(patch) {
    this.state = { ...this.state, ...patch };
    for (const fn of this.listeners) fn(this.state, patch);
  }

  /**
   * @param {(s: S, changed: Partial<S>) => void} fn
   * @returns {() => void} unsubscribe
   */
  subscribe(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}
