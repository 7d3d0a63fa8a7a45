// @ts-check
import { el, byId } from './dom.js';

/** @typedef {import('./api.js').Settings} Settings */

import { FONT_DEFAULT, FONT_MAX, FONT_MIN } from './limits.gen.js';

export { FONT_DEFAULT, FONT_MAX, FONT_MIN };

/** @returns {Settings} */
export function defaultSettings() {
  return { theme: 'system', font_size: FONT_DEFAULT, last_book: null, last_route: null, last_scroll: 0 };
}

/**
 * @param {Settings['theme']} theme
 * @param {boolean} systemDark
 * @returns {'light' | 'dark'}
 */
export function effectiveTheme(theme, systemDark) {
  if (theme === 'light' || theme === 'dark') return theme;
  return systemDark ? 'dark' : 'light';
}

/** The toggle flips what the reader sees, and from then on stops following the system.
 * @param {Settings['theme']} theme @param {boolean} systemDark @returns {'light' | 'dark'} */
export function toggledTheme(theme, systemDark) {
  return effectiveTheme(theme, systemDark) === 'dark' ? 'light' : 'dark';
}

/** @param {number} size */
export function clampFont(size) {
  if (!Number.isFinite(size)) return FONT_DEFAULT;
  return Math.max(FONT_MIN, Math.min(FONT_MAX, Math.round(size)));
}

/** @returns {boolean} */
function systemDark() {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

/** Theme and font size on the document; CSS variables do the rest. @param {Settings} s */
export function applySettings(s) {
  const root = document.documentElement;
  root.dataset.theme = effectiveTheme(s.theme, systemDark());
  root.style.setProperty('--font-size', `${clampFont(s.font_size)}px`);
  const toggle = document.getElementById('theme-toggle');
  if (toggle) {
    const dark = root.dataset.theme === 'dark';
    toggle.setAttribute('aria-pressed', String(dark));
    toggle.title = dark ? 'Switch to light theme' : 'Switch to dark theme';
  }
}

/**
 * The settings popover: theme, font size, and the "Open book folder…" action.
 * @param {{ get: () => Settings, update: (patch: Partial<Settings>) => void,
 *   openBook: () => void }} ctl
 */
export function mountSettings(ctl) {
  const panel = byId('settings-panel');
  const button = byId('settings-button');
  const toggle = byId('theme-toggle');

  toggle.addEventListener('click', () => {
    ctl.update({ theme: toggledTheme(ctl.get().theme, systemDark()) });
  });
  window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener('change', () => {
    applySettings(ctl.get());
  });

  const render = () => {
    const s = ctl.get();
    /** @param {Settings['theme']} value @param {string} label */
    const radio = (value, label) => {
      const input = el('input', { type: 'radio', name: 'theme', value, checked: s.theme === value });
      input.addEventListener('change', () => ctl.update({ theme: value }));
      return el('label', {}, input, ` ${label}`);
    };
    const smaller = el('button', { type: 'button', 'aria-label': 'Smaller text', text: 'A−' });
    const larger = el('button', { type: 'button', 'aria-label': 'Larger text', text: 'A+' });
    const size = el('output', { id: 'font-size-value', text: `${clampFont(s.font_size)} px` });
    smaller.addEventListener('click', () => {
      ctl.update({ font_size: clampFont(ctl.get().font_size - 1) });
      size.textContent = `${clampFont(ctl.get().font_size)} px`;
    });
    larger.addEventListener('click', () => {
      ctl.update({ font_size: clampFont(ctl.get().font_size + 1) });
      size.textContent = `${clampFont(ctl.get().font_size)} px`;
    });
    const open = el('button', { type: 'button', id: 'open-book', text: 'Open book folder…' });
    open.addEventListener('click', () => {
      close();
      ctl.openBook();
    });
    panel.replaceChildren(
      el('h2', { text: 'Settings' }),
      el('fieldset', {}, el('legend', { text: 'Theme' }), radio('system', 'Follow the system'),
        radio('light', 'Light'), radio('dark', 'Dark')),
      el('fieldset', {}, el('legend', { text: 'Text size' }), smaller, size, larger),
      open,
    );
  };

  const close = () => {
    panel.hidden = true;
    button.setAttribute('aria-expanded', 'false');
  };
  button.addEventListener('click', () => {
    if (panel.hidden) {
      render();
      panel.hidden = false;
      button.setAttribute('aria-expanded', 'true');
      panel.querySelector('input, button')?.closest('label, button')?.querySelector('input')?.focus();
    } else {
      close();
    }
  });
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      close();
      button.focus();
    }
  });
  return { close };
}
