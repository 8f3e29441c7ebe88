import { z } from 'zod';
import { defineTool, READ_ONLY_ANNOTATIONS, SAFE_META } from './toolDefinition';

export const cacheOperationListTool = defineTool({
  name: 'cache_operation_list',
  title: 'List Background Operations',
  description:
    'List the operations you may enqueue with cache_task_enqueue, as {operations: [...]}: each has a name, a ' +
    'description of what it does and input_schema, the JSON Schema of the `parameters` object it expects. ' +
    'Read-only and safe. Call it before cache_task_enqueue when you do not know an operation\'s name or parameters.',
  inputSchema: z.strictObject({}),
  outputSchema: z.strictObject({
    operations: z.array(
      z.looseObject({
        name: z.string(),
        description: z.string(),
        input_schema: z.record(z.string(), z.unknown()).describe('JSON Schema of the operation\'s parameters.'),
      }),
    ),
  }),
  annotations: { title: 'List Background Operations', ...READ_ONLY_ANNOTATIONS },
  _meta: SAFE_META,
  handler: (_input, { operations, policy }) => ({
    operations: operations
      .list()
      .filter((operation) => policy.isAllowed(operation.name))
      .map((operation) => ({ name: operation.name, description: operation.description, input_schema: operation.inputSchema })),
  }),
});
