// The parameters step of "Enqueue Task...": a starting JSON text made from the operation's input
// schema, a one-line summary of its fields, and a check of typed JSON against the schema for
// operations that bring no validate function of their own. Pure. Only the JSON-Schema subset
// operations here use (object, properties, required, additionalProperties, type, enum, bounds).
import type { JsonObject, JsonValue } from '../../../core/types';

type Schema = { [key: string]: unknown };

export type ParseResult = { ok: true; parameters: JsonObject } | { ok: false; message: string };

/** Required fields with a plausible value each: `{"duration_ms": 0}`; `{}` when none are required. */
export function parameterTemplate(schema: JsonObject | undefined): string {
  const properties = propertiesOf(schema);
  const required = requiredOf(schema);
  const template: JsonObject = {};
  for (const name of required) template[name] = exampleValue(properties[name]);
  return JSON.stringify(template);
}

/** "duration_ms: integer (required), steps: integer, fail_attempts: integer". */
export function describeParameters(schema: JsonObject | undefined): string {
  const properties = propertiesOf(schema);
  const required = new Set(requiredOf(schema));
  const names = Object.keys(properties);
  if (names.length === 0) return 'no parameters';
  return names
    .sort((a, b) => Number(required.has(b)) - Number(required.has(a)))
    .map((name) => `${name}: ${typeName(properties[name])}${required.has(name) ? ' (required)' : ''}`)
    .join(', ');
}

/** JSON text -> a parameters object, or the message the input box shows. */
export function parseParameters(text: string): ParseResult {
  const trimmed = text.trim();
  if (!trimmed) return { ok: true, parameters: {} };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    return { ok: false, message: `Not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'The parameters must be a JSON object, like {"name": "value"}' };
  return { ok: true, parameters: value as JsonObject };
}

/** The first way `parameters` break the schema, as "parameters.<field>: <rule>", or undefined. */
export function checkAgainstSchema(parameters: JsonObject, schema: JsonObject | undefined): string | undefined {
  if (!schema) return undefined;
  const properties = propertiesOf(schema);
  for (const name of requiredOf(schema)) {
    if (!(name in parameters)) return `parameters.${name}: is required`;
  }
  for (const [name, value] of Object.entries(parameters)) {
    const property = properties[name];
    if (!property) {
      if (schema.additionalProperties === false) return `parameters.${name}: is not a known field; known: ${Object.keys(properties).join(', ') || '(none)'}`;
      continue;
    }
    const problem = checkValue(value, property);
    if (problem) return `parameters.${name}: ${problem}`;
  }
  return undefined;
}

function checkValue(value: JsonValue, schema: Schema): string | undefined {
  const types = typesOf(schema);
  if (types.length && !types.some((type) => matchesType(value, type))) return `must be ${types.map(article).join(' or ')}`;
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => JSON.stringify(option) === JSON.stringify(value))) {
    return `must be one of ${schema.enum.map((option) => JSON.stringify(option)).join(', ')}`;
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) return `must be at least ${schema.minimum}`;
    if (typeof schema.maximum === 'number' && value > schema.maximum) return `must be at most ${schema.maximum}`;
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) return schema.minLength === 1 ? 'must be a non-empty string' : `must be at least ${schema.minLength} characters`;
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) return `must be at most ${schema.maxLength} characters`;
  }
  return undefined;
}

function matchesType(value: JsonValue, type: string): boolean {
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'null':
      return value === null;
    default:
      return true;
  }
}

function exampleValue(schema: Schema | undefined): JsonValue {
  if (!schema) return null;
  if (schema.default !== undefined) return schema.default as JsonValue;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0] as JsonValue;
  switch (typesOf(schema)[0]) {
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 0;
    case 'string':
      return '';
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return null;
  }
}

function typeName(schema: Schema | undefined): string {
  const types = schema ? typesOf(schema) : [];
  return types.length ? types.join(' | ') : 'any';
}

function typesOf(schema: Schema): string[] {
  if (typeof schema.type === 'string') return [schema.type];
  if (Array.isArray(schema.type)) return schema.type.filter((type): type is string => typeof type === 'string');
  return [];
}

function propertiesOf(schema: JsonObject | undefined): Record<string, Schema> {
  const properties = schema?.properties;
  return typeof properties === 'object' && properties !== null && !Array.isArray(properties) ? (properties as Record<string, Schema>) : {};
}

function requiredOf(schema: JsonObject | undefined): string[] {
  return Array.isArray(schema?.required) ? schema.required.filter((name): name is string => typeof name === 'string') : [];
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}
