import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NavHistory } from '../src/history.js';

test('back and forward walk the visited routes', () => {
  const h = new NavHistory();
  assert.equal(h.back(), null);
  h.push('#/a.md');
  h.push('#/a.md#x');
  h.push('#/b.md');
  assert.ok(h.canBack());
  assert.ok(!h.canForward());
  assert.equal(h.back()?.route, '#/a.md#x');
  assert.equal(h.back()?.route, '#/a.md');
  assert.equal(h.back(), null);
  assert.equal(h.forward()?.route, '#/a.md#x');
});

test('a new place drops the forward entries; the same place is not pushed twice', () => {
  const h = new NavHistory();
  h.push('#/a.md');
  h.push('#/b.md');
  h.back();
  h.push('#/c.md');
  assert.ok(!h.canForward());
  assert.deepEqual(h.entries.map((e) => e.route), ['#/a.md', '#/c.md']);
  h.push('#/c.md');
  assert.equal(h.entries.length, 2);
});

test('each entry keeps its scroll position', () => {
  const h = new NavHistory();
  h.push('#/a.md');
  h.setScroll(420);
  h.push('#/b.md');
  assert.equal(h.back()?.scroll, 420);
  assert.equal(h.forward()?.scroll, 0);
});

test('old entries are dropped beyond the cap', () => {
  const h = new NavHistory(3);
  for (const r of ['1', '2', '3', '4', '5']) h.push(r);
  assert.deepEqual(h.entries.map((e) => e.route), ['3', '4', '5']);
  assert.equal(h.current?.route, '5');
});
