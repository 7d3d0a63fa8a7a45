// @ts-check
/**
 * Keyboard selection in the results list. -1 means "nothing selected, typing in the box".
 */

/**
 * @param {number} sel current selection, -1 for none
 * @param {number} count number of options
 * @param {'ArrowDown' | 'ArrowUp' | 'Home' | 'End'} key
 * @returns {number}
 */
export function moveSelection(sel, count, key) {
  if (count <= 0) return -1;
  switch (key) {
    case 'ArrowDown':
      return sel < 0 || sel >= count - 1 ? (sel < 0 ? 0 : count - 1) : sel + 1;
    case 'ArrowUp':
      return sel <= 0 ? -1 : Math.min(sel, count) - 1;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
  }
}

/**
 * Keeps only the newest search's answer: a slower, older reply must not overwrite a newer
 * one (the reader types faster than some queries return).
 */
export class Latest {
  constructor() {
    this.seq = 0;
  }
  /** @returns {number} a ticket for a new request */
  next() {
    this.seq += 1;
    return this.seq;
  }
  /** @param {number} ticket */
  isCurrent(ticket) {
    return ticket === this.seq;
  }
}
