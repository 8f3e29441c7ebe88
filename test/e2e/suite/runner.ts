// Runs a phase's mocha tests inside the extension host and writes their results for the harness.
// VS Code calls the phase bundle's `run()`; a rejection (or any failure) makes the extension host
// report a non-zero exit code through the smoke-test driver (window.codeAutomationExit).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type MochaType from 'mocha';
import { readControl } from './support';

interface TestResult {
  title: string;
  durationMs?: number;
  error?: string;
}

export interface PhaseResults {
  phase: string;
  runId: string;
  pid: number;
  vscodeVersion: string;
  passes: TestResult[];
  failures: TestResult[];
  pending: TestResult[];
  notes: Record<string, unknown>;
}

/** What a test wants the harness to print (e.g. the activation time). */
export const notes: Record<string, unknown> = {};

/** `loadTests` must require() the test modules: mocha's `describe`/`it` exist only after pre-require. */
export function runMocha(loadTests: () => void, { timeoutMs = 60_000 } = {}): Promise<void> {
  const control = readControl();
  // mocha stays outside the bundle (it loads reporters dynamically): resolved from node_modules.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Mocha = require('mocha') as typeof MochaType;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: timeoutMs, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, control.phase, mocha);
  loadTests();

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const vscode = require('vscode') as typeof import('vscode');
  const results: PhaseResults = {
    phase: control.phase,
    runId: control.runId,
    pid: process.pid,
    vscodeVersion: vscode.version,
    passes: [],
    failures: [],
    pending: [],
    notes,
  };
  const write = () => {
    fs.mkdirSync(path.dirname(control.resultsFile), { recursive: true });
    fs.writeFileSync(control.resultsFile, JSON.stringify(results, null, 2));
  };

  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        write();
        if (failures > 0) reject(new Error(`${failures} test(s) failed in ${control.phase}`));
        else resolve();
      });
      // "[e2e]" lines reach the harness's console through the smoke-test driver's log hook.
      runner.on('pass', (test) => {
        results.passes.push({ title: test.fullTitle(), durationMs: test.duration });
        console.log(`[e2e] ok   ${test.fullTitle()} (${test.duration} ms)`);
      });
      runner.on('fail', (test, error: Error) => {
        results.failures.push({ title: test.fullTitle(), error: error?.stack ?? String(error) });
        console.log(`[e2e] FAIL ${test.fullTitle()}: ${error?.message ?? String(error)}`);
      });
      runner.on('pending', (test) => results.pending.push({ title: test.fullTitle() }));
    } catch (error) {
      results.failures.push({ title: `${control.phase}: mocha could not run`, error: (error as Error)?.stack ?? String(error) });
      write();
      reject(error);
    }
  });
}
