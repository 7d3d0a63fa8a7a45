import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRoute, isExternal, parseRoute, samePage } from '../src/route.js';

test('page routes use the same shape as the index\'s in-book links', () => {
  assert.deepEqual(parseRoute('#/part-guide/async-await.md'), { view: 'page', path: 'part-guide/async-await.md', anchor: '' });
  assert.deepEqual(parseRoute('#/part-guide/sync.md#holding-a-mutexguard-across-await'),
    { view: 'page', path: 'part-guide/sync.md', anchor: 'holding-a-mutexguard-across-await' });
  assert.deepEqual(parseRoute('#/a.md#Überblick-Ära'), { view: 'page', path: 'a.md', anchor: 'Überblick-Ära' });
});

test('app views', () => {
  assert.deepEqual(parseRoute('#/@topics'), { view: 'topics' });
  assert.deepEqual(parseRoute('#/@index'), { view: 'index' });
  assert.deepEqual(parseRoute('#/@example/spawn-and-join'), { view: 'example', id: 'spawn-and-join' });
  assert.equal(parseRoute('#/@nope'), null);
  assert.equal(parseRoute('#/@example/'), null);
});

test('non-routes', () => {
  assert.equal(parseRoute('https://tokio.rs'), null);
  assert.equal(parseRoute('#section'), null);
  assert.equal(parseRoute('#/'), null);
  assert.equal(parseRoute(''), null);
});

test('format and parse round-trip', () => {
  for (const r of [
    { view: 'page', path: 'intro.md', anchor: '' },
    { view: 'page', path: 'part-guide/io.md', anchor: 'read-and-write' },
    { view: 'page', path: 'a b/ü.md', anchor: 'Überblick-Ära' },
    { view: 'topics' },
    { view: 'index' },
    { view: 'example', id: 'hello-async' },
  ]) {
    assert.deepEqual(parseRoute(formatRoute(/** @type {any} */ (r))), r);
  }
  assert.equal(formatRoute({ view: 'page', path: 'part-guide/io.md', anchor: 'x' }), '#/part-guide/io.md#x');
});

test('samePage ignores the anchor', () => {
  assert.ok(samePage(parseRoute('#/a.md#x'), parseRoute('#/a.md#y')));
  assert.ok(!samePage(parseRoute('#/a.md'), parseRoute('#/b.md')));
  assert.ok(!samePage(parseRoute('#/a.md'), parseRoute('#/@topics')));
  assert.ok(!samePage(null, parseRoute('#/@topics')));
});

test('only http(s) links are external', () => {
  assert.ok(isExternal('https://docs.rs/tokio'));
  assert.ok(isExternal('HTTP://example.com'));
  assert.ok(!isExternal('javascript:alert(1)'));
  assert.ok(!isExternal('file:///etc/passwd'));
  assert.ok(!isExternal('#/intro.md'));
});
