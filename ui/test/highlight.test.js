import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segments, wordRanges } from '../src/highlight.js';

test('ranges split the snippet into marked and plain segments', () => {
  assert.deepEqual(segments('spawn a task', [[0, 5], [8, 12]]), [
    { text: 'spawn', mark: true },
    { text: ' a ', mark: false },
    { text: 'task', mark: true },
  ]);
});

test('ranges count Unicode scalar values, not UTF-16 units', () => {
  // '🦀' is two UTF-16 units but one char for the library.
  assert.deepEqual(segments('🦀 async', [[2, 7]]), [
    { text: '🦀 ', mark: false },
    { text: 'async', mark: true },
  ]);
});

test('unsorted, overlapping and out-of-range ranges are cleaned up', () => {
  assert.deepEqual(segments('abcdef', [[4, 99], [1, 3], [2, 4], [5, 2], [-4, 0]]), [
    { text: 'a', mark: false },
    { text: 'bcdef', mark: true },
  ]);
  assert.deepEqual(segments('', []), [{ text: '', mark: false }]);
  assert.deepEqual(segments('abc', []), [{ text: 'abc', mark: false }]);
});

test('markup in a snippet stays text', () => {
  const segs = segments('<img src=x onerror=alert(1)>', [[1, 4]]);
  assert.equal(segs.map((s) => s.text).join(''), '<img src=x onerror=alert(1)>');
  assert.deepEqual(segs[1], { text: 'img', mark: true });
});

test('matched words mark the tokens they start, case-insensitively', () => {
  const text = 'Spawned tasks: spawn, Spawning; respawn.';
  assert.deepEqual(wordRanges(text, ['spawn']), [[0, 7], [15, 20], [22, 30]]);
  assert.deepEqual(wordRanges('Über über', ['über']), [[0, 4], [5, 9]]);
  assert.deepEqual(wordRanges('a b', ['a']), []);
  assert.deepEqual(wordRanges('anything', []), []);
});
