// @ts-check
import * as api from './api.js';
import { el, setTrustedHtml } from './dom.js';
import { segments } from './highlight.js';
import { moveSelection, Latest } from './listnav.js';
import { formatRoute } from './route.js';

/** @typedef {import('./api.js').Hit} Hit */
/** @typedef {import('./api.js').Kind} Kind */

/** @type {{ kind: Kind, label: string }[]} */
export const KINDS = [
  { kind: 'chapter', label: 'Chapter' },
  { kind: 'faq', label: 'FAQ' },
  { kind: 'topic', label: 'Topic' },
  { kind: 'index', label: 'Index' },
  { kind: 'example', label: 'Example' },
];

const LIMIT = 20;
/**
 * The words' list shows at once; what the meaning adds (the sentence model takes 15-30 ms a
 * query on two cores) is folded in once typing pauses this long.
 */
const MEANING_PAUSE_MS = 150;

/** Whether two lists show the same places in the same order. @param {Hit[]} a @param {Hit[]} b */
const sameHits = (a, b) =>
  a.length === b.length && a.every((h, i) => h.path === b[i].path && h.anchor === b[i].anchor && h.kind === b[i].kind);

/** Where opening a hit leads (an index entry's path is its first target's). @param {Hit} hit @returns {string} */
export function hitRoute(hit) {
  if (hit.kind === 'example' && hit.example) return formatRoute({ view: 'example', id: hit.example });
  return formatRoute({ view: 'page', path: hit.path, anchor: hit.anchor });
}

/**
 * Snippet text with the library's highlight ranges as <mark> elements built with DOM APIs.
 * @param {string} text @param {[number, number][]} ranges @returns {DocumentFragment}
 */
export function markedText(text, ranges) {
  const frag = document.createDocumentFragment();
  for (const s of segments(text, ranges)) {
    frag.append(s.mark ? el('mark', { text: s.text }) : document.createTextNode(s.text));
  }
  return frag;
}

/**
 * The search box, kind filters and the results listbox.
 * @param {{ input: HTMLInputElement, panel: HTMLElement, list: HTMLElement,
 *   filters: HTMLElement, status: HTMLElement,
 *   open: (route: string, matched: string[]) => void,
 *   runExample: (id: string) => void,
 *   error: (e: import('./api.js').AppError) => void }} o
 */
export function mountSearch(o) {
  /** @type {Set<Kind>} */
  const kinds = new Set();
  /** @type {Hit[]} */
  let hits = [];
  let sel = -1;
  let expanded = -1; // the FAQ hit whose answer is shown
  let keyTime = 0;
  let meaningTimer = 0;
  let ready = false;
  const latest = new Latest();

  for (const { kind, label } of KINDS) {
    const b = el('button', { type: 'button', class: `filter kind-${kind}`, 'aria-pressed': 'false', 'data-kind': kind, text: label });
    b.addEventListener('click', () => {
      if (kinds.has(kind)) kinds.delete(kind);
      else kinds.add(kind);
      b.setAttribute('aria-pressed', String(kinds.has(kind)));
      run();
    });
    o.filters.append(b);
  }

  const show = (/** @type {boolean} */ on) => {
    o.panel.hidden = !on;
    o.input.setAttribute('aria-expanded', String(on));
  };

  const select = (/** @type {number} */ i, scroll = true) => {
    sel = i;
    const faq = i >= 0 && hits[i]?.kind === 'faq';
    expanded = faq ? i : -1;
    const items = o.list.querySelectorAll('[role="option"]');
    items.forEach((item, n) => {
      item.setAttribute('aria-selected', String(n === sel));
      const answer = item.querySelector('.answer');
      if (answer instanceof HTMLElement) answer.hidden = n !== expanded;
      item.querySelector('.faq-toggle')?.setAttribute('aria-expanded', String(n === expanded));
    });
    if (sel >= 0) {
      o.input.setAttribute('aria-activedescendant', `hit-${sel}`);
      if (scroll) items[sel]?.scrollIntoView({ block: 'nearest' });
    } else {
      o.input.removeAttribute('aria-activedescendant');
    }
  };

  const openHit = (/** @type {number} */ i) => {
    const hit = hits[i];
    if (!hit) return;
    show(false);
    o.open(hitRoute(hit), hit.matched);
  };

  /** @param {Hit} hit @param {number} i */
  const renderHit = (hit, i) => {
    const label = KINDS.find((k) => k.kind === hit.kind)?.label ?? hit.kind;
    const item = el('li', { role: 'option', id: `hit-${i}`, class: `hit hit-${hit.kind}`, 'aria-selected': 'false', 'data-route': hitRoute(hit) },
      el('div', { class: 'hit-head' },
        el('span', { class: `badge kind-${hit.kind}`, text: label }),
        el('span', { class: 'hit-title', text: hit.title }),
        // Index entries merged into this section: one place, one slot.
        ...hit.also.map((k) => el('span', { class: `badge also kind-${k}`, title: 'An entry there leads here too', text: `also in ${KINDS.find((x) => x.kind === k)?.label ?? k}` }))),
      hit.breadcrumbs.length ? el('div', { class: 'crumbs', text: hit.breadcrumbs.join(' › ') }) : null);
    const snippet = el('div', { class: 'snippet' });
    snippet.append(markedText(hit.snippet, hit.highlights));
    item.append(snippet);
    if (hit.kind === 'faq' && hit.answer_html) {
      const answer = el('div', { class: 'answer page-html', hidden: true });
      setTrustedHtml(answer, hit.answer_html);
      const full = el('a', { href: hitRoute(hit), class: 'open-entry', tabindex: '-1', text: 'Open the full entry →' });
      answer.append(el('p', {}, full));
      item.append(answer);
    }
    if ((hit.kind === 'topic' || hit.kind === 'index') && hit.targets.length > 1) {
      item.append(el('ul', { class: 'targets' }, ...hit.targets.map((t) =>
        el('li', {}, el('a', { href: formatRoute({ view: 'page', path: t.path, anchor: t.anchor }), tabindex: '-1', text: t.label }))),
      ));
    }
    if (hit.kind === 'example' && hit.example) {
      const id = hit.example;
      const runBtn = el('button', { type: 'button', class: 'run-button', tabindex: '-1', text: '▶ Run' });
      runBtn.addEventListener('click', (e) => {
        e.stopPropagation();
        o.runExample(id);
      });
      item.append(runBtn);
    }
    item.addEventListener('mousemove', () => {
      if (sel !== i && hit.kind !== 'faq' && expanded < 0) select(i, false);
    });
    item.addEventListener('click', (e) => {
      const target = /** @type {Element} */ (e.target);
      if (target.closest('a')) return; // links are handled by the app's link handler
      if (hit.kind === 'faq') {
        // In place: a click shows (or hides) the answer; "Open the full entry" leaves.
        if (expanded === i) {
          select(i, false);
          expanded = -1;
          const a = item.querySelector('.answer');
          if (a instanceof HTMLElement) a.hidden = true;
        } else {
          select(i, false);
        }
        o.input.focus();
        return;
      }
      openHit(i);
    });
    return item;
  };

  /** @param {import('./api.js').SearchResults} res @param {string} query */
  const render = (res, query) => {
    hits = res.hits;
    o.list.dataset.query = query; // which query the list shows (tests wait on it)
    sel = -1;
    expanded = -1;
    o.input.removeAttribute('aria-activedescendant');
    if (hits.length > 0) {
      o.list.replaceChildren(...hits.map(renderHit));
      o.status.textContent = `${hits.length} result${hits.length === 1 ? '' : 's'}`;
    } else {
      o.list.replaceChildren();
      o.status.replaceChildren(`No results for “${query}”.`);
      if (res.suggestions.length) {
        o.status.append(' Did you mean: ');
        res.suggestions.forEach((s, n) => {
          const b = el('button', { type: 'button', class: 'suggestion', text: s });
          b.addEventListener('click', () => {
            o.input.value = s;
            o.input.focus();
            run();
          });
          if (n > 0) o.status.append(' ');
          o.status.append(b);
        });
      }
    }
  };

  const run = async () => {
    const query = o.input.value;
    const ticket = latest.next();
    if (!query.trim()) {
      hits = [];
      o.list.replaceChildren();
      o.status.textContent = '';
      show(false);
      return;
    }
    if (!ready) {
      o.status.textContent = 'The index is being prepared…';
      show(true);
      return;
    }
    try {
      const tSend = performance.now();
      const res = await api.search(query, [...kinds], LIMIT, false);
      if (!latest.isCurrent(ticket)) return;
      clearTimeout(meaningTimer);
      meaningTimer = window.setTimeout(() => foldInMeaning(query, ticket), MEANING_PAUSE_MS);
      const tReply = performance.now();
      render(res, query);
      show(true);
      const tRender = performance.now();
      const t0 = keyTime;
      keyTime = 0;
      if (t0) {
        // Measured after the frame that shows the results has been painted.
        requestAnimationFrame(() => setTimeout(() => {
          const now = performance.now();
          window.__atlasPerf.keyToPaint.push(now - t0);
          window.__atlasPerf.detail.push({ toSend: tSend - t0, ipc: tReply - tSend, render: tRender - tReply, paint: now - tRender });
        }, 0));
      }
    } catch (e) {
      if (latest.isCurrent(ticket)) o.error(/** @type {import('./api.js').AppError} */ (e));
    }
  };

  /** The fused ranking, once typing has paused. @param {string} query @param {number} ticket */
  const foldInMeaning = async (query, ticket) => {
    if (!latest.isCurrent(ticket)) return;
    try {
      const res = await api.search(query, [...kinds], LIMIT, true);
      // Never under the reader's hand: a moved selection, an open answer or the pointer on
      // the list keep the list as it is.
      if (!latest.isCurrent(ticket) || sel >= 0 || expanded >= 0 || o.list.matches(':hover')) return;
      if (!sameHits(res.hits, hits)) render(res, query);
    } catch {
      // The words' list stays; its own errors are shown by `run`.
    }
  };

  o.input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (o.panel.hidden && hits.length) show(true);
      e.preventDefault();
      select(moveSelection(sel, hits.length, e.key));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (sel >= 0) openHit(sel);
      else if (hits.length) openHit(0);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      if (!o.panel.hidden) show(false);
      else if (o.input.value) {
        o.input.value = '';
        run();
      }
    } else if (e.key.length === 1 || e.key === 'Backspace' || e.key === 'Delete') {
      keyTime = performance.now();
    }
  });
  o.input.addEventListener('input', () => {
    if (!keyTime) keyTime = performance.now();
    run();
  });
  // Back in the box (by focus, or a click when it kept the focus): the results come back.
  const reopen = () => {
    if (o.input.value.trim() && (hits.length || o.status.textContent)) show(true);
  };
  o.input.addEventListener('focus', reopen);
  o.input.addEventListener('click', reopen);

  return {
    /** The index is open: searches may run (again). */
    setReady() {
      ready = true;
      if (o.input.value.trim()) run();
    },
    notReady() {
      ready = false;
    },
    close() {
      show(false);
    },
    focus() {
      o.input.focus();
      o.input.select();
    },
    /** Searches for `text` as if typed, with the box focused and its text selected. @param {string} text */
    query(text) {
      o.input.value = text;
      o.input.focus();
      o.input.select();
      if (ready && text.trim()) run();
    },
  };
}
