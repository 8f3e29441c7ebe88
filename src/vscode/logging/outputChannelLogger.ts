import * as vscode from 'vscode';
import type { Logger } from '../../core/types';

export const OUTPUT_CHANNEL_NAME = 'Background Tasks';

/**
 * The engine's Logger on a VS Code LogOutputChannel: levels map one to one, so the channel's
 * own level filter (Developer: Set Log Level) applies, and extra arguments are formatted by VS Code.
 */
export function createOutputChannelLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    trace: (message, ...args) => channel.trace(message, ...args),
    debug: (message, ...args) => channel.debug(message, ...args),
    info: (message, ...args) => channel.info(message, ...args),
    warn: (message, ...args) => channel.warn(message, ...args),
    error: (message, ...args) => channel.error(message, ...args),
  };
}

/** Creates the "Background Tasks" log channel and its Logger; the channel goes onto `subscriptions`. */
export function createExtensionLogger(subscriptions: vscode.Disposable[]): { channel: vscode.LogOutputChannel; logger: Logger } {
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  subscriptions.push(channel);
  return { channel, logger: createOutputChannelLogger(channel) };
}
