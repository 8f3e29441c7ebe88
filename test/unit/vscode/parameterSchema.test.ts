import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoWaitOperation } from '../../../src/core/operations/demoWait';
import type { JsonObject } from '../../../src/core/types';
import { checkAgainstSchema, describeParameters, parameterTemplate, parseParameters } from '../../../src/vscode/commands/enqueue/parameterSchema';
import { DEFAULT_PRIORITY, priorityChoices } from '../../../src/vscode/commands/enqueue/priorityItems';

const schema: JsonObject = {
  type: 'object',
  properties: {
    url: { type: 'string', minLength: 1 },
    retries: { type: 'integer', minimum: 0, maximum: 5 },
    mode: { enum: ['fast', 'slow'] },
    verbose: { type: 'boolean' },
  },
  required: ['url', 'mode'],
  additionalProperties: false,
};

test('the template fills the required fields; the summary lists required ones first', () => {
  assert.equal(parameterTemplate(schema), '{"url":"","mode":"fast"}');
  assert.equal(parameterTemplate(demoWaitOperation.inputSchema), '{"duration_ms":0}');
  assert.equal(parameterTemplate(undefined), '{}');
  assert.equal(describeParameters(demoWaitOperation.inputSchema), 'duration_ms: integer (required), steps: integer, fail_attempts: integer');
  assert.equal(describeParameters({ type: 'object' }), 'no parameters');
});

test('parses typed JSON, with messages fit for the input box', () => {
  assert.deepEqual(parseParameters('  '), { ok: true, parameters: {} });
  assert.deepEqual(parseParameters('{"a":1}'), { ok: true, parameters: { a: 1 } });
  const broken = parseParameters('{"a":');
  assert.ok(!broken.ok && broken.message.startsWith('Not valid JSON:'), JSON.stringify(broken));
  const array = parseParameters('[1]');
  assert.ok(!array.ok && /JSON object/.test(array.message));
});

test('checks parameters against the schema subset operations use', () => {
  assert.equal(checkAgainstSchema({ url: 'x', mode: 'fast' }, schema), undefined);
  assert.equal(checkAgainstSchema({ mode: 'fast' }, schema), 'parameters.url: is required');
  assert.equal(checkAgainstSchema({ url: '', mode: 'fast' }, schema), 'parameters.url: must be a non-empty string');
  assert.equal(checkAgainstSchema({ url: 'x', mode: 'medium' }, schema), 'parameters.mode: must be one of "fast", "slow"');
  assert.equal(checkAgainstSchema({ url: 'x', mode: 'fast', retries: 1.5 }, schema), 'parameters.retries: must be an integer');
  assert.equal(checkAgainstSchema({ url: 'x', mode: 'fast', retries: 9 }, schema), 'parameters.retries: must be at most 5');
  assert.match(checkAgainstSchema({ url: 'x', mode: 'fast', extra: 1 }, schema)!, /^parameters\.extra: is not a known field/);
  assert.equal(checkAgainstSchema({ anything: 1 }, { type: 'object' }), undefined);
});

test('priorities 1 to 10, 5 the default', () => {
  const choices = priorityChoices();
  assert.deepEqual(choices.map((choice) => choice.priority), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.equal(DEFAULT_PRIORITY, 5);
  assert.equal(choices[4]!.description, 'Normal (default)');
  assert.equal(choices[0]!.description, 'Highest');
  assert.equal(choices[9]!.description, 'Lowest');
});
