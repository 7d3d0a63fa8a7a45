// @ts-check
import { el, setTrustedHtml } from './dom.js';
import { formatRoute } from './route.js';

/** @typedef {import('./api.js').IndexEntry} IndexEntry */
/** @typedef {import('./api.js').TopicGroup} TopicGroup */
/** @typedef {import('./api.js').Target} Target */

/** @param {Target} t */
const targetHref = (t) => formatRoute({ view: 'page', path: t.path, anchor: t.anchor });

/**
 * One entry: with one target the term itself is the link; with several, the term is
 * followed by a link per target; sub-terms nest.
 * @param {IndexEntry} e
 * @returns {HTMLLIElement}
 */
function entry(e) {
  const li = el('li', { class: 'ix-entry' });
  if (e.targets.length === 1) {
    li.append(el('a', { href: targetHref(e.targets[0]), class: 'ix-term', text: e.text }));
  } else {
    li.append(el('span', { class: 'ix-term', text: e.text }));
    if (e.targets.length > 1) {
      const links = el('span', { class: 'ix-targets' });
      e.targets.forEach((t, i) => {
        if (i > 0) links.append(', ');
        links.append(el('a', { href: targetHref(t), text: t.label || t.path }));
      });
      li.append(': ', links);
    }
  }
  if (e.children.length) li.append(el('ul', { class: 'ix-children' }, ...e.children.map(entry)));
  return li;
}

/**
 * @param {HTMLElement} article
 * @param {TopicGroup[]} groups
 */
export function renderTopics(article, groups) {
  article.replaceChildren(el('h1', { id: 'topic-index', text: 'Topic index' }));
  if (!groups.length) article.append(el('p', { text: 'This book has no topic index.' }));
  for (const g of groups) {
    article.append(el('section', { class: 'ix-group', 'aria-labelledby': `topic-${g.anchor}` },
      el('h2', { id: `topic-${g.anchor}`, text: g.title }),
      el('ul', { class: 'ix-list' }, ...g.entries.map(entry))));
  }
}

/**
 * The detailed index, grouped by first letter.
 * @param {HTMLElement} article
 * @param {IndexEntry[]} entries
 */
export function renderDetailedIndex(article, entries) {
  article.replaceChildren(el('h1', { id: 'detailed-index', text: 'Detailed index' }));
  if (!entries.length) article.append(el('p', { text: 'This book has no detailed index.' }));
  /** @type {Map<string, IndexEntry[]>} */
  const groups = new Map();
  // Entries that start with a symbol (`#[tokio::main]`, `.await`) go under '#',
  // the rest under their first letter; groups in alphabetical order, '#' first.
  for (const e of entries) {
    const first = e.text.trim().charAt(0).toUpperCase();
    const key = /\p{L}/u.test(first) ? first : '#';
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const sorted = [...groups.entries()].sort(([a], [b]) => (a === '#' ? -1 : b === '#' ? 1 : a.localeCompare(b)));
  groups.clear();
  for (const [k, v] of sorted) groups.set(k, v);
  const letters = el('nav', { class: 'ix-letters', 'aria-label': 'Letters' });
  article.append(letters);
  for (const [letter, list] of groups) {
    const id = `letter-${letter === '#' ? 'sym' : letter}`;
    const jump = el('button', { type: 'button', class: 'ix-letter', text: letter });
    jump.addEventListener('click', () => document.getElementById(id)?.scrollIntoView({ block: 'start' }));
    letters.append(jump);
    article.append(el('section', { class: 'ix-group', 'aria-labelledby': id },
      el('h2', { id, text: letter }),
      el('ul', { class: 'ix-list' }, ...list.map(entry))));
  }
}

/**
 * An example package: what it shows, Run, its files with their code, and where the book
 * uses it. When the book's examples are not prepared, it says what Prepare examples does.
 * @param {HTMLElement} article
 * @param {import('./api.js').Example} ex
 * @param {import('./api.js').ExamplesState} state
 * @param {(id: string) => void} run
 * @param {() => void} prepare
 */
export function renderExample(article, ex, state, run, prepare) {
  const button = el('button', { type: 'button', class: 'run-button', 'data-example': ex.id, text: ex.has_bin ? '▶ Run' : '▶ Run tests' });
  button.addEventListener('click', () => run(ex.id));
  const actions = el('p', { class: 'example-actions' }, button);
  if (state.cargo && !state.prepared) {
    const prep = el('button', { type: 'button', class: 'prepare-button', text: 'Prepare examples' });
    prep.addEventListener('click', () => prepare());
    actions.append(' ', prep);
  }
  article.replaceChildren(
    el('h1', { id: 'example', text: `Example: ${ex.id}` }),
    el('p', { class: 'lead', text: ex.description }),
    actions,
    ...(state.advice ? [el('p', { class: 'example-advice', role: 'note', text: state.advice })] : []),
    el('h2', { text: 'Files' }),
    ...ex.files.map((f) => sourceFile(ex.dir, f)),
  );
  if (ex.used_by.length) {
    article.append(el('h2', { text: 'Used in' }),
      el('ul', {}, ...ex.used_by.map((p) => el('li', {}, el('a', { href: formatRoute({ view: 'page', path: p.path, anchor: '' }), text: p.title })))));
  }
}

/**
 * One file of an example: its path and its code, highlighted at build time.
 * @param {string} dir
 * @param {import('./api.js').SourceFile} f
 */
function sourceFile(dir, f) {
  const code = el('code', { class: f.path.endsWith('.toml') ? 'language-toml' : 'language-rust' });
  setTrustedHtml(code, f.html);
  return el('section', { class: 'example-file' },
    el('h3', {}, el('code', { text: `${dir}/${f.path}` })),
    f.note ? el('p', { class: 'note', text: f.note }) : el('pre', {}, code));
}
