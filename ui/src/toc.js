// @ts-check
import { el } from './dom.js';
import { formatRoute } from './route.js';

/** @typedef {import('./api.js').Toc} Toc */
/** @typedef {import('./api.js').TocChapter} TocChapter */
/** @typedef {import('./api.js').Heading} Heading */

/**
 * The sidebar table of contents, exactly as SUMMARY.md has it: part titles, separators,
 * nested chapters, drafts shown but not links. Chapters with children fold.
 * @param {HTMLElement} nav
 */
export function mountToc(nav) {
  /** @type {Map<string, HTMLLIElement>} */
  let byPath = new Map();
  /** @type {HTMLElement | null} */
  let sections = null;

  /** @param {TocChapter} ch @returns {HTMLLIElement} */
  const chapter = (ch) => {
    const label = [ch.number ? el('span', { class: 'toc-num', text: ch.number }) : null, ch.title];
    const link = ch.path
      ? el('a', { href: formatRoute({ view: 'page', path: ch.path, anchor: '' }), class: 'toc-link' }, ...label)
      : el('span', { class: 'toc-draft', 'aria-disabled': 'true', title: 'Draft: not written yet' }, ...label);
    const li = el('li', { class: 'toc-chapter' });
    if (ch.children.length) {
      const toggle = el('button', { type: 'button', class: 'toc-fold', 'aria-expanded': 'true', 'aria-label': `Fold ${ch.title}`, text: '▾' });
      const sub = el('ol', { class: 'toc-children' }, ...ch.children.map(chapter));
      toggle.addEventListener('click', () => {
        const open = toggle.getAttribute('aria-expanded') !== 'true';
        toggle.setAttribute('aria-expanded', String(open));
        toggle.textContent = open ? '▾' : '▸';
        sub.hidden = !open;
      });
      li.append(el('div', { class: 'toc-row' }, toggle, link), sub);
    } else {
      li.append(el('div', { class: 'toc-row' }, link));
    }
    if (ch.path) byPath.set(ch.path, li);
    return li;
  };

  return {
    /** @param {Toc} toc */
    render(toc) {
      byPath = new Map();
      sections = null;
      const list = el('ol', { class: 'toc-root' });
      for (const item of toc.items) {
        if (item.type === 'part_title') list.append(el('li', { class: 'toc-part', role: 'presentation' }, el('h2', { text: item.title })));
        else if (item.type === 'separator') list.append(el('li', { class: 'toc-sep', role: 'separator' }));
        else list.append(chapter(item));
      }
      nav.replaceChildren(el('h2', { class: 'toc-title', text: toc.title }), list);
    },

    /**
     * Marks the open page, unfolds its ancestors and lists its sections under it.
     * @param {string | null} path
     * @param {Heading[]} headings
     */
    setPage(path, headings) {
      sections?.remove();
      sections = null;
      for (const a of nav.querySelectorAll('[aria-current]')) a.removeAttribute('aria-current');
      const li = path ? byPath.get(path) : undefined;
      if (!li || !path) return;
      li.querySelector(':scope > .toc-row > a')?.setAttribute('aria-current', 'page');
      for (let p = li.parentElement; p && p !== nav; p = p.parentElement) {
        if (p.classList.contains('toc-children') && p.hidden) {
          p.hidden = false;
          const t = p.parentElement?.querySelector(':scope > .toc-row > .toc-fold');
          t?.setAttribute('aria-expanded', 'true');
          if (t) t.textContent = '▾';
        }
      }
      const subs = headings.filter((h) => h.level === 2 || h.level === 3);
      if (subs.length) {
        sections = el('ol', { class: 'toc-sections', 'aria-label': 'Sections of this page' },
          ...subs.map((h) => el('li', { class: `toc-sec level-${h.level}` },
            el('a', { href: formatRoute({ view: 'page', path, anchor: h.anchor }), 'data-anchor': h.anchor, text: h.title }))));
        li.querySelector(':scope > .toc-row')?.after(sections);
      }
      li.querySelector('.toc-row')?.scrollIntoView({ block: 'nearest' });
    },

    /** Highlights the section being read. @param {string} anchor */
    setSection(anchor) {
      if (!sections) return;
      for (const a of sections.querySelectorAll('a')) {
        if (a.dataset.anchor === anchor) {
          if (a.getAttribute('aria-current') !== 'location') {
            a.setAttribute('aria-current', 'location');
            // Keep the highlighted section in view in a long TOC (this scrolls the TOC only).
            a.scrollIntoView({ block: 'nearest' });
          }
        } else a.removeAttribute('aria-current');
      }
    },
  };
}
