import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Latest, moveSelection } from '../src/listnav.js';

test('arrow keys move through the results and back up to the search box', () => {
  assert.equal(moveSelection(-1, 3, 'ArrowDown'), 0);
  assert.equal(moveSelection(0, 3, 'ArrowDown'), 1);
  assert.equal(moveSelection(2, 3, 'ArrowDown'), 2);
  assert.equal(moveSelection(2, 3, 'ArrowUp'), 1);
  assert.equal(moveSelection(0, 3, 'ArrowUp'), -1);
  assert.equal(moveSelection(-1, 3, 'ArrowUp'), -1);
  assert.equal(moveSelection(1, 3, 'Home'), 0);
  assert.equal(moveSelection(0, 3, 'End'), 2);
});

test('no results: nothing to select', () => {
  assert.equal(moveSelection(-1, 0, 'ArrowDown'), -1);
  assert.equal(moveSelection(4, 0, 'ArrowUp'), -1);
});

test('a selection beyond a shrunk list comes back inside it', () => {
  assert.equal(moveSelection(9, 3, 'ArrowUp'), 2);
  assert.equal(moveSelection(9, 3, 'ArrowDown'), 2);
});

test('only the newest request counts', () => {
  const l = new Latest();
  const a = l.next();
  const b = l.next();
  assert.ok(!l.isCurrent(a));
  assert.ok(l.isCurrent(b));
});
