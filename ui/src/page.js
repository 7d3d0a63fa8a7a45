// @ts-check
import * as api from './api.js';
import { el, setTrustedHtml } from './dom.js';
import { wordRanges } from './highlight.js';
import { formatRoute } from './route.js';

/** @typedef {import('./api.js').Page} Page */

const SECTION_HEADINGS = 'h1[id], h2[id], h3[id], h4[id], h5[id], h6[id]';

/**
 * Renders a page: the index's sanitized HTML, heading anchors, code block tools and prev/next.
 * @param {HTMLElement} article
 * @param {Page} page
 * @param {{ runBlock: (id: string, edited: string | null) => void,
 *   error: (e: import('./api.js').AppError) => void }} ctl
 */
export function renderPage(article, page, ctl) {
  setTrustedHtml(article, page.html);
  article.dataset.path = page.path;
  for (const h of article.querySelectorAll(SECTION_HEADINGS)) {
    const link = el('a', {
      class: 'heading-anchor',
      href: formatRoute({ view: 'page', path: page.path, anchor: h.id }),
      'aria-label': `Link to this section: ${h.textContent ?? ''}`,
      text: '#',
    });
    h.append(link);
  }
  for (const pre of article.querySelectorAll('pre.code[data-block]')) {
    if (pre instanceof HTMLElement) decorateBlock(pre, ctl);
  }
  const pager = el('nav', { class: 'pager', 'aria-label': 'Previous and next chapter' });
  if (page.prev) {
    pager.append(el('a', { class: 'prev', rel: 'prev', href: formatRoute({ view: 'page', path: page.prev.path, anchor: '' }) },
      el('span', { class: 'pager-dir', text: '← Previous' }), el('span', { class: 'pager-title', text: page.prev.title })));
  }
  if (page.next) {
    pager.append(el('a', { class: 'next', rel: 'next', href: formatRoute({ view: 'page', path: page.next.path, anchor: '' }) },
      el('span', { class: 'pager-dir', text: 'Next →' }), el('span', { class: 'pager-title', text: page.next.title })));
  }
  article.append(pager);
}

/**
 * Run / Edit / Reset for a runnable code block. The source to edit and run comes from the
 * index (`code_block`), hidden lines included; the UI only names the block.
 * @param {HTMLElement} pre
 * @param {{ runBlock: (id: string, edited: string | null) => void,
 *   error: (e: import('./api.js').AppError) => void }} ctl
 */
function decorateBlock(pre, ctl) {
  const id = pre.dataset.block ?? '';
  const mode = pre.dataset.run ?? 'none';
  if (!id || mode === 'none') return;
  const wrap = el('div', { class: 'code-wrap' });
  pre.replaceWith(wrap);
  const bar = el('div', { class: 'code-tools', role: 'toolbar', 'aria-label': 'Code block' });
  const runLabel = mode === 'build' ? '▶ Build' : '▶ Run';
  const run = el('button', { type: 'button', class: 'run-button', 'data-block': id, text: runLabel });
  const edit = el('button', { type: 'button', class: 'edit-button', 'aria-pressed': 'false', text: 'Edit' });
  const reset = el('button', { type: 'button', class: 'reset-button', hidden: true, text: 'Reset' });
  bar.append(run, edit, reset);
  if (mode === 'panic') bar.append(el('span', { class: 'run-note', text: 'expected to panic' }));
  wrap.append(bar, pre);

  /** @type {HTMLTextAreaElement | null} */
  let editor = null;
  /** @type {string | null} */
  let original = null;

  const source = async () => {
    if (original === null) original = (await api.codeBlock(id)).source;
    return original;
  };

  edit.addEventListener('click', async () => {
    if (editor) {
      // Leaving edit mode keeps the edits for Run; Reset drops them.
      const editing = editor.hidden;
      editor.hidden = !editing;
      pre.hidden = editing;
      edit.setAttribute('aria-pressed', String(editing));
      if (editing) editor.focus();
      return;
    }
    try {
      const src = await source();
      editor = el('textarea', { class: 'code-editor', spellcheck: 'false', 'aria-label': `Edit code block ${id}` });
      editor.value = src;
      editor.rows = Math.min(30, src.split('\n').length + 1);
      editor.addEventListener('input', () => {
        reset.hidden = editor?.value === original;
      });
      editor.addEventListener('keydown', (e) => {
        // Tab indents inside the editor; Escape gives keyboard users a way out.
        if (e.key === 'Tab' && !e.shiftKey && editor) {
          e.preventDefault();
          editor.setRangeText('    ', editor.selectionStart, editor.selectionEnd, 'end');
          reset.hidden = editor.value === original;
        } else if (e.key === 'Escape') {
          edit.focus();
        }
      });
      pre.hidden = true;
      wrap.append(editor);
      edit.setAttribute('aria-pressed', 'true');
      editor.focus();
    } catch (e) {
      ctl.error(/** @type {import('./api.js').AppError} */ (e));
    }
  });
  reset.addEventListener('click', () => {
    if (editor && original !== null) editor.value = original;
    reset.hidden = true;
  });
  run.addEventListener('click', () => {
    const edited = editor && editor.value !== original ? editor.value : null;
    ctl.runBlock(id, edited);
  });
}

/**
 * The section an anchor starts: from its heading to the next heading of the same or a
 * higher level.
 * @param {HTMLElement} article
 * @param {string} anchor
 * @returns {{ start: Element, end: Element | null } | null}
 */
export function sectionBounds(article, anchor) {
  const heads = [...article.querySelectorAll(SECTION_HEADINGS)];
  const i = heads.findIndex((h) => h.id === anchor);
  if (i < 0) return null;
  const level = Number(heads[i].tagName.slice(1));
  const end = heads.slice(i + 1).find((h) => Number(h.tagName.slice(1)) <= level) ?? null;
  return { start: heads[i], end };
}

/**
 * Marks the words a search hit matched, inside the section it landed on (or the whole page
 * without an anchor). Returns the first mark, to scroll to.
 * @param {HTMLElement} article
 * @param {string} anchor
 * @param {string[]} words
 * @returns {HTMLElement | null}
 */
export function markWords(article, anchor, words) {
  if (!words.length) return null;
  const bounds = anchor ? sectionBounds(article, anchor) : null;
  if (anchor && !bounds) return null;
  /** @type {Text[]} */
  const nodes = [];
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = /** @type {Text} */ (n);
    const parent = text.parentElement;
    if (!parent || parent.closest('.heading-anchor, .code-tools, .pager, textarea')) continue;
    if (bounds) {
      const afterStart = bounds.start.contains(text)
        || (bounds.start.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
      const beforeEnd = !bounds.end
        || (bounds.end.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_PRECEDING) !== 0;
      if (!afterStart || !beforeEnd) continue;
    }
    nodes.push(text);
  }
  for (const node of nodes) {
    const ranges = wordRanges(node.data, words);
    // Right to left, so earlier offsets stay valid while splitting.
    for (let r = ranges.length - 1; r >= 0; r -= 1) {
      const [s, e] = ranges[r];
      const word = node.splitText(s);
      word.splitText(e - s);
      const mark = el('mark', { class: 'found' });
      word.replaceWith(mark);
      mark.append(word);
    }
  }
  return article.querySelector('mark.found');
}

/**
 * The heading the reader is at: the last one above the top of the scroll area.
 * @param {HTMLElement} article
 * @param {HTMLElement} scroller
 * @returns {string} its id, or '' before the first heading
 */
export function currentSection(article, scroller) {
  const top = scroller.getBoundingClientRect().top + 80;
  let id = '';
  for (const h of article.querySelectorAll('h1[id], h2[id], h3[id]')) {
    if (h.getBoundingClientRect().top <= top) id = h.id;
    else break;
  }
  return id;
}
