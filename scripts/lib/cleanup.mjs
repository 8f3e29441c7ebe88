// Everything the harness starts registers how to stop it here; Ctrl+C, SIGTERM, an uncaught error
// and a normal end all run these, newest first, each with a hard deadline.
import { killGroup, log } from './proc.mjs';

const cleanups = [];
const groups = new Set();
let running;

/** Registers an async stop; returns a function that unregisters it. */
export function onCleanup(label, fn) {
  const entry = { label, fn };
  cleanups.push(entry);
  return () => {
    const index = cleanups.indexOf(entry);
    if (index >= 0) cleanups.splice(index, 1);
  };
}

/** A process group to SIGKILL if the harness exits without stopping it (last resort). */
export function trackGroup(pid) {
  groups.add(pid);
  return () => groups.delete(pid);
}

export function cleanupAll(deadlineMs = 20_000) {
  running ??= (async () => {
    for (const { label, fn } of cleanups.splice(0).reverse()) {
      let timer;
      try {
        await Promise.race([
          fn(),
          new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), deadlineMs))),
        ]);
      } catch (error) {
        log(`cleanup "${label}" failed: ${error.message}`);
      } finally {
        clearTimeout(timer);
      }
    }
    for (const pid of groups) killGroup(pid, 'SIGKILL');
  })();
  return running;
}

let installed = false;
export function installSignalHandlers() {
  if (installed) return;
  installed = true;
  const onSignal = (signal, code) => {
    log(`${signal}: stopping everything the harness started`);
    cleanupAll().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => onSignal('SIGINT', 130));
  process.once('SIGTERM', () => onSignal('SIGTERM', 143));
  process.once('SIGHUP', () => onSignal('SIGHUP', 129));
  process.on('exit', () => {
    for (const pid of groups) killGroup(pid, 'SIGKILL');
  });
}
