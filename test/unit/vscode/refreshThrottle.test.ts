import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RefreshThrottle, type Timers } from '../../../src/vscode/views/refreshThrottle';

/** Timers the test advances by hand. */
function manualTimers() {
  let now = 0;
  const pending: { at: number; callback: () => void; id: number }[] = [];
  let nextId = 1;
  const timers: Timers = {
    setTimeout: (callback, ms) => {
      const id = nextId++;
      pending.push({ at: now + ms, callback, id });
      return id;
    },
    clearTimeout: (handle) => {
      const index = pending.findIndex((entry) => entry.id === handle);
      if (index >= 0) pending.splice(index, 1);
    },
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      pending.sort((a, b) => a.at - b.at);
      const next = pending[0];
      if (!next || next.at > until) break;
      pending.shift();
      now = next.at;
      next.callback();
    }
    now = until;
  };
  return { timers, advance, pendingCount: () => pending.length };
}

test('a thousand events a second make at most one refresh per interval, and the last change is always shown', () => {
  const { timers, advance } = manualTimers();
  let refreshes = 0;
  const throttle = new RefreshThrottle(() => refreshes++, 150, timers);
  for (let ms = 0; ms < 1000; ms++) {
    throttle.schedule();
    advance(1);
  }
  // A steady stream: a trailing debounce would never have fired; this fires every 150 ms.
  assert.ok(refreshes >= 6 && refreshes <= 7, `refreshes: ${refreshes}`);
  throttle.schedule();
  advance(150);
  const after = refreshes;
  advance(1000);
  assert.equal(refreshes, after, 'no refresh without a change: no polling');
});

test('flush refreshes at once and drops the scheduled one; dispose stops everything', () => {
  const { timers, advance, pendingCount } = manualTimers();
  let refreshes = 0;
  const throttle = new RefreshThrottle(() => refreshes++, 100, timers);
  throttle.schedule();
  throttle.flush();
  assert.equal(refreshes, 1);
  assert.equal(pendingCount(), 0);
  advance(200);
  assert.equal(refreshes, 1);
  throttle.schedule();
  throttle.dispose();
  advance(200);
  throttle.schedule();
  throttle.flush();
  assert.equal(refreshes, 1);
});
