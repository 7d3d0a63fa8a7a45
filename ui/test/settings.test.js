import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clampFont, defaultSettings, effectiveTheme, FONT_MAX, FONT_MIN, toggledTheme } from '../src/settings.js';
import { formatElapsed } from '../src/runner.js';

test('the system theme is followed until the reader picks one', () => {
  assert.equal(effectiveTheme('system', true), 'dark');
  assert.equal(effectiveTheme('system', false), 'light');
  assert.equal(effectiveTheme('light', true), 'light');
  assert.equal(toggledTheme('system', true), 'light');
  assert.equal(toggledTheme('light', true), 'dark');
  assert.equal(defaultSettings().theme, 'system');
});

test('font size stays in range', () => {
  assert.equal(clampFont(2), FONT_MIN);
  assert.equal(clampFont(200), FONT_MAX);
  assert.equal(clampFont(17.4), 17);
  assert.equal(clampFont(Number.NaN), 16);
});

test('elapsed times', () => {
  assert.equal(formatElapsed(250), '250 ms');
  assert.equal(formatElapsed(1530), '1.5 s');
});
