// @ts-check
/**
 * Wires the views together: start-up, navigation (routes and history), links, shortcuts and
 * remembered settings.
 */
import * as api from './api.js';
import { byId, el } from './dom.js';
import { NavHistory } from './history.js';
import { renderDetailedIndex, renderExample, renderTopics } from './indexes.js';
import { currentSection, markWords, renderPage } from './page.js';
import { formatRoute, isExternal, parseRoute, samePage } from './route.js';
import { mountRunner } from './runner.js';
import { mountSearch } from './search.js';
import { applySettings, clampFont, defaultSettings, mountSettings } from './settings.js';
import { Store } from './store.js';
import { mountToc } from './toc.js';

window.__atlasPerf = { keyToPaint: [], detail: [], coldStartMs: null, readyAt: null, book: null };

/** @typedef {import('./api.js').Settings} Settings */

const store = new Store({
  /** @type {import('./api.js').BookInfo | null} */
  book: null,
  /** @type {Settings} */
  settings: defaultSettings(),
  /** @type {string | null} */
  route: null,
});

const input = /** @type {HTMLInputElement} */ (byId('search-input'));
const content = byId('content');
const article = byId('page');
const history = new NavHistory();
const toc = mountToc(byId('toc'));

/** @param {import('./api.js').AppError} e */
function showError(e) {
  const box = byId('messages');
  const msg = el('p', { class: 'message' }, el('span', { text: e.message }));
  const close = el('button', { type: 'button', 'aria-label': 'Dismiss', text: '✕' });
  close.addEventListener('click', () => msg.remove());
  msg.append(close);
  box.append(msg);
  setTimeout(() => msg.remove(), 8000);
}

// ---- settings, saved (debounced) to the app data dir ----
/** @type {ReturnType<typeof setTimeout> | null} */
let saveTimer = null;
/** @param {Partial<Settings>} patch */
function updateSettings(patch) {
  const settings = { ...store.state.settings, ...patch };
  settings.font_size = clampFont(settings.font_size);
  store.set({ settings });
  applySettings(settings);
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    api.saveSettings(store.state.settings).catch(showError);
  }, 300);
}

// ---- runner ----
const runner = mountRunner({ error: showError }, () => {
  // A run may have prepared the examples: an open example page shows the new state.
  const route = store.state.route ?? '';
  if (route.startsWith('#/@example/')) navigate(route, { push: false, scroll: content.scrollTop });
});
/** @param {string} id */
const runExample = (id) => {
  search.close(); // the output panel must not sit under the results
  runner.start({ kind: 'example', id });
};
const prepareExamples = () => {
  search.close();
  runner.start({ kind: 'prepare' });
};

// ---- navigation ----
let navSeq = 0;

/**
 * Shows a route. `push` adds it to the history; `scroll` restores a position; `marks` are
 * the words a search hit matched, marked in the section it opens.
 * @param {string} routeStr
 * @param {{ push?: boolean, scroll?: number | null, marks?: string[] }} [opts]
 */
async function navigate(routeStr, opts = {}) {
  const route = parseRoute(routeStr);
  if (!route) return;
  const seq = ++navSeq;
  const { push = true, scroll = null, marks = [] } = opts;
  if (push) {
    history.setScroll(content.scrollTop);
    history.push(routeStr, 0);
  }
  const prev = parseRoute(store.state.route ?? '');
  try {
    if (route.view === 'page') {
      if (!samePage(prev, route) || marks.length || article.dataset.view !== 'page') {
        const page = await api.page(route.path);
        if (seq !== navSeq) return;
        article.dataset.view = 'page';
        renderPage(article, page, {
          runBlock: (id, edited) => runner.start({ kind: 'block', id, edited }),
          error: showError,
        });
        toc.setPage(page.path, page.headings);
        document.title = `${page.title} — Async Atlas`;
      }
      const mark = marks.length ? markWords(article, route.anchor, marks) : null;
      if (scroll !== null) content.scrollTop = scroll;
      else if (route.anchor) {
        const target = document.getElementById(route.anchor);
        if (target) target.scrollIntoView({ block: 'start' });
        else content.scrollTop = 0;
        if (mark) mark.scrollIntoView({ block: 'nearest' });
      } else content.scrollTop = 0;
    } else {
      article.dataset.view = route.view;
      delete article.dataset.path;
      toc.setPage(null, []);
      if (route.view === 'topics') {
        renderTopics(article, await api.topics());
        document.title = 'Topic index — Async Atlas';
      } else if (route.view === 'index') {
        renderDetailedIndex(article, await api.detailedIndex());
        document.title = 'Detailed index — Async Atlas';
      } else {
        const [ex, state] = await Promise.all([api.example(route.id), api.examplesState()]);
        renderExample(article, ex, state, runExample, prepareExamples);
        document.title = `Example ${route.id} — Async Atlas`;
      }
      if (seq !== navSeq) return;
      content.scrollTop = scroll ?? 0;
    }
    store.set({ route: routeStr });
    byId('nav-topics').toggleAttribute('aria-current', route.view === 'topics');
    byId('nav-index').toggleAttribute('aria-current', route.view === 'index');
    onScroll();
    remember();
  } catch (e) {
    showError(/** @type {import('./api.js').AppError} */ (e));
  } finally {
    updateHistoryButtons();
  }
}

function updateHistoryButtons() {
  /** @type {HTMLButtonElement} */ (byId('back')).disabled = !history.canBack();
  /** @type {HTMLButtonElement} */ (byId('forward')).disabled = !history.canForward();
}

function goBack() {
  history.setScroll(content.scrollTop);
  const e = history.back();
  if (e) navigate(e.route, { push: false, scroll: e.scroll });
}
function goForward() {
  history.setScroll(content.scrollTop);
  const e = history.forward();
  if (e) navigate(e.route, { push: false, scroll: e.scroll });
}

/** @type {ReturnType<typeof setTimeout> | null} */
let rememberTimer = null;
/** The last place and scroll position survive a restart. */
function remember() {
  if (rememberTimer) clearTimeout(rememberTimer);
  rememberTimer = setTimeout(() => {
    const book = store.state.book;
    if (!book || !store.state.route) return;
    updateSettings({ last_book: book.key, last_route: store.state.route, last_scroll: Math.round(content.scrollTop) });
  }, 400);
}

let scrollQueued = false;
function onScroll() {
  if (scrollQueued) return;
  scrollQueued = true;
  requestAnimationFrame(() => {
    scrollQueued = false;
    if (article.dataset.view === 'page') toc.setSection(currentSection(article, content));
  });
}
content.addEventListener('scroll', () => {
  onScroll();
  history.setScroll(content.scrollTop);
  remember();
});

// ---- links: in-book ones navigate here, http(s) ones open in the system browser ----
document.addEventListener('click', (e) => {
  const target = /** @type {Element | null} */ (e.target);
  const a = target?.closest?.('a[href]');
  if (!(a instanceof HTMLAnchorElement)) return;
  const href = a.getAttribute('href') ?? '';
  if (href === '#content') return; // the skip link
  e.preventDefault();
  if (isExternal(href)) {
    api.openExternal(href).catch(showError);
  } else if (parseRoute(href)) {
    search.close();
    navigate(href);
  } else if (href.startsWith('#') && href.length > 1 && article.dataset.view === 'page') {
    // A bare fragment within the page (rare in the index's HTML): stay on the page.
    const path = article.dataset.path ?? '';
    navigate(formatRoute({ view: 'page', path, anchor: decodeURIComponent(href.slice(1)) }));
  }
  // Anything else (mailto:, file:, relative paths) is not followed: the window never leaves the app.
});

// ---- search ----
const search = mountSearch({
  input,
  panel: byId('search-panel'),
  list: byId('results'),
  filters: byId('filters'),
  status: byId('search-status'),
  open: (route, matched) => navigate(route, { marks: matched }),
  runExample,
  error: showError,
});

document.addEventListener('mousedown', (e) => {
  const t = /** @type {Element} */ (e.target);
  if (!t.closest?.('.search')) search.close();
});

// ---- keyboard: Ctrl+K and / reach the search box from anywhere; Alt+←/→ walk history ----
document.addEventListener('keydown', (e) => {
  const t = /** @type {HTMLElement} */ (e.target);
  const typing = t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t.isContentEditable;
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
    e.preventDefault();
    search.focus();
  } else if (e.key === '/' && !typing && !e.ctrlKey && !e.altKey) {
    e.preventDefault();
    search.focus();
  } else if (e.altKey && e.key === 'ArrowLeft') {
    e.preventDefault();
    goBack();
  } else if (e.altKey && e.key === 'ArrowRight') {
    e.preventDefault();
    goForward();
  } else if (e.key === 'Escape' && !typing) {
    byId('settings-panel').hidden = true;
  }
});
// Mouse back/forward buttons.
document.addEventListener('mouseup', (e) => {
  if (e.button === 3) {
    e.preventDefault();
    goBack();
  } else if (e.button === 4) {
    e.preventDefault();
    goForward();
  }
});
byId('back').addEventListener('click', goBack);
byId('forward').addEventListener('click', goForward);
byId('toc-toggle').addEventListener('click', () => {
  const hidden = document.body.classList.toggle('toc-hidden');
  byId('toc-toggle').setAttribute('aria-expanded', String(!hidden));
});

// ---- start-up ----
/**
 * Waits for the open book's index (showing rebuild progress), then shows the TOC and the
 * remembered page (or the first one).
 * @param {boolean} restore whether to go back to the remembered place
 */
async function openBook(restore) {
  const progress = byId('progress');
  const text = byId('progress-text');
  const bar = /** @type {HTMLProgressElement} */ (byId('progress-bar'));
  search.notReady();
  const book = await api.waitReady((p) => {
    progress.hidden = false;
    text.textContent = p.message || 'Building the index…';
    bar.max = Math.max(1, p.total);
    bar.value = Math.min(p.done, bar.max);
  });
  progress.hidden = true;
  store.set({ book });
  window.__atlasPerf.book = { dir: book.book_dir, rebuilt: book.rebuilt, key: book.key };
  search.setReady();
  if (window.__atlasPerf.coldStartMs === null) {
    window.__atlasPerf.readyAt = performance.now();
    api.startupMs().then((ms) => { window.__atlasPerf.coldStartMs = ms; }).catch(() => {});
  }
  toc.render(await api.toc());
  for (const w of book.warnings.slice(0, 3)) showError({ kind: 'warning', message: w });
  if (book.search_notice) showError({ kind: 'notice', message: book.search_notice });
  const s = store.state.settings;
  const start = restore && s.last_book === book.key && s.last_route && parseRoute(s.last_route)
    ? s.last_route
    : book.first_page ? formatRoute({ view: 'page', path: book.first_page, anchor: '' }) : null;
  if (start) {
    const scroll = restore && start === s.last_route ? s.last_scroll : null;
    // The restored scroll position wins over the anchor.
    await navigate(start, { scroll });
  }
}

/** Shows the book the backend has started opening, from its first page; the old
 * book's run panel (and its run) goes. */
async function openNewBook() {
  await runner.close();
  history.entries = [];
  history.pos = -1;
  await openBook(false);
}

mountSettings({
  get: () => store.state.settings,
  update: updateSettings,
  openBook: async () => {
    try {
      if (await api.openBookFolder()) await openNewBook();
    } catch (e) {
      showError(/** @type {import('./api.js').AppError} */ (e));
    }
  },
});

/**
 * What a launch asks of the window (see api.onHandover), done in order and only after
 * the start (or the previous request) is done: a place is shown in an open book.
 * @param {import('./api.js').Handover} request
 */
async function handle(request) {
  switch (request.kind) {
    case 'book_opening':
      await openNewBook();
      break;
    case 'refused':
      showError({ kind: 'invalid', message: request.message });
      break;
    case 'search':
      search.query(request.query);
      break;
    case 'open': {
      const book = store.state.book;
      if (!book || book.key !== request.book_key) {
        showError({ kind: 'unknown_page', message: `That place is in another book (${request.book_key}), which is not open.` });
        break;
      }
      search.close();
      await navigate(formatRoute({ view: 'page', path: request.path, anchor: request.anchor }));
      break;
    }
  }
}

async function start() {
  input.focus();
  try {
    const settings = await api.loadSettings();
    store.set({ settings });
    applySettings(settings);
  } catch (e) {
    applySettings(store.state.settings);
    showError(/** @type {import('./api.js').AppError} */ (e));
  }
  try {
    await openBook(true);
  } catch (e) {
    const err = /** @type {import('./api.js').AppError} */ (e);
    byId('progress').hidden = false;
    byId('progress-text').textContent = `The book could not be opened: ${err.message}`;
    showError(err);
  }
}

// Launch requests wait for the start, then for each other.
let requests = start();
api
  .onHandover((request) => {
    requests = requests.then(() => handle(request)).catch((e) => showError(/** @type {import('./api.js').AppError} */ (e)));
  })
  .catch((e) => showError(/** @type {import('./api.js').AppError} */ (e)));
