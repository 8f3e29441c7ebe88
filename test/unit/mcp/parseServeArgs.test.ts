import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCliArgs, UsageError, type ServeArgs } from '../../../src/mcp/headless/parseServeArgs';

test('serve arguments parse in either order and with --flag=value', () => {
  assert.deepEqual(parseCliArgs(['serve', '--storage', 'dir', '--stdio']), {
    command: 'serve', storage: 'dir', transport: { kind: 'stdio' }, allowShell: false,
  });
  assert.deepEqual(parseCliArgs(['serve', '--http=0', '--allow-shell', '--storage=/a b']), {
    command: 'serve', storage: '/a b', transport: { kind: 'http', port: 0 }, allowShell: true,
  });
  assert.deepEqual((parseCliArgs(['serve', '--http', '65535', '--storage', 'd']) as ServeArgs).transport, { kind: 'http', port: 65535 });
  assert.deepEqual(parseCliArgs(['--help']), { command: 'help' });
  assert.deepEqual(parseCliArgs(['serve', '--help']), { command: 'help' });
  assert.deepEqual(parseCliArgs(['--version']), { command: 'version' });
});

test('bad serve arguments are refused with a message that says what to fix', () => {
  const cases: [string[], string][] = [
    [[], 'missing command: expected "serve"'],
    [['run'], 'unknown command "run": expected "serve"'],
    [['serve', '--stdio'], '--storage DIR is required'],
    [['serve', '--storage', 'd'], 'give --stdio or --http PORT'],
    [['serve', '--storage', 'd', '--stdio', '--http', '80'], 'give either --stdio or --http PORT, not both'],
    [['serve', '--storage', 'd', '--http'], '--http needs a value'],
    [['serve', '--storage', '--stdio'], '--storage needs a value'],
    [['serve', '--storage', 'd', '--http', '-1'], '--http: port must be an integer from 0 to 65535, not "-1"'],
    [['serve', '--storage', 'd', '--http', '1.5'], '--http: port must be an integer from 0 to 65535, not "1.5"'],
    [['serve', '--storage', 'd', '--http', '65536'], '--http: port must be an integer from 0 to 65535, not "65536"'],
    [['serve', '--storage', 'd', '--stdio', '--stdio'], '--stdio given twice'],
    [['serve', '--storage', 'd', '--stdio=yes'], '--stdio takes no value'],
    [['serve', '--storage', 'd', '--stdio', '--port', '3'], 'unknown option --port'],
    [['serve', '--storage', 'd', '--stdio', 'extra'], 'unexpected argument "extra"'],
    [['serve', '--storage=', '--stdio'], '--storage: must be a folder path'],
  ];
  for (const [args, message] of cases) {
    assert.throws(() => parseCliArgs(args), (error: Error) => error instanceof UsageError && error.message === message, args.join(' '));
  }
});
