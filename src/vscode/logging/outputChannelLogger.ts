import { format } from 'node:util';
import * as vscode from 'vscode';
import type { Logger } from '../../core/types';

export const OUTPUT_CHANNEL_NAME = 'Background Tasks';

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/**
 * The engine's Logger on a VS Code LogOutputChannel: levels map one to one, so the channel's own
 * level filter (Developer: Set Log Level) applies, and extra arguments are formatted by VS Code.
 *
 * It never throws. When VS Code shuts an extension host down it closes the channel's connection
 * *before* it calls `deactivate`, and a closed channel throws on every write ("Channel has been
 * closed"): a logger that threw there would abort the worker's stop and skip the database flush.
 * Lines that cannot reach the channel go to stderr instead, which code-server and VS Code keep in
 * the extension host's log.
 */
export function createOutputChannelLogger(channel: vscode.LogOutputChannel, fallback: (line: string) => void = writeStderr): Logger {
  const write =
    (level: Level) =>
    (message: string | Error, ...args: unknown[]): void => {
      try {
        if (level === 'error') channel.error(message, ...args);
        else channel[level](message as string, ...args);
      } catch {
        try {
          const text = message instanceof Error ? (message.stack ?? message.message) : message;
          fallback(`${OUTPUT_CHANNEL_NAME} [${level}] ${format(text, ...args)}`);
        } catch {
          // Nowhere left to log to.
        }
      }
    };
  return { trace: write('trace'), debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

function writeStderr(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Creates the "Background Tasks" log channel and its Logger; the channel goes onto `subscriptions`. */
export function createExtensionLogger(subscriptions: vscode.Disposable[]): { channel: vscode.LogOutputChannel; logger: Logger } {
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  subscriptions.push(channel);
  return { channel, logger: createOutputChannelLogger(channel) };
}
