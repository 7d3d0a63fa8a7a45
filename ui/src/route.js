// @ts-check
/**
 * Routes: where the reader is, as a string shaped like the page HTML's own in-book links
 * (`#/PATH` or `#/PATH#ANCHOR`), plus a few views of the app itself (`#/@topics`, ...).
 * Pure functions: no DOM, unit-tested with node.
 */

/**
 * @typedef {{ view: 'page', path: string, anchor: string }
 *   | { view: 'topics' }
 *   | { view: 'index' }
 *   | { view: 'example', id: string }} Route
 */

/**
 * Parses `#/PATH#ANCHOR`, `#/@topics`, `#/@index`, `#/@example/ID`; `null` for anything else
 * (external URLs, bare fragments).
 * @param {string} href
 * @returns {Route | null}
 */
export function parseRoute(href) {
  if (!href.startsWith('#/')) return null;
  const rest = href.slice(2);
  if (rest === '@topics') return { view: 'topics' };
  if (rest === '@index') return { view: 'index' };
  if (rest.startsWith('@example/')) {
    const id = decodePart(rest.slice('@example/'.length));
    return id ? { view: 'example', id } : null;
  }
  const hash = rest.indexOf('#');
  const path = decodePart(hash < 0 ? rest : rest.slice(0, hash));
  const anchor = hash < 0 ? '' : decodePart(rest.slice(hash + 1));
  if (!path || path.startsWith('@')) return null;
  return { view: 'page', path, anchor };
}

/**
 * @param {Route} route
 * @returns {string}
 */
export function formatRoute(route) {
  switch (route.view) {
    case 'topics':
      return '#/@topics';
    case 'index':
      return '#/@index';
    case 'example':
      return `#/@example/${encodeURIComponent(route.id)}`;
    case 'page':
      return `#/${encodeURI(route.path)}${route.anchor ? `#${encodeURIComponent(route.anchor)}` : ''}`;
  }
}

/**
 * Same view and place (used to tell a scroll within a page from a new page).
 * @param {Route | null} a
 * @param {Route | null} b
 */
export function samePage(a, b) {
  if (!a || !b || a.view !== b.view) return false;
  if (a.view === 'page' && b.view === 'page') return a.path === b.path;
  if (a.view === 'example' && b.view === 'example') return a.id === b.id;
  return true;
}

/** Whether a link leaves the app (opened in the system browser). @param {string} href */
export function isExternal(href) {
  return /^https?:\/\//i.test(href);
}

/** @param {string} s */
function decodePart(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
