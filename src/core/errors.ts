// Typed errors: every message names the field or task and the rule, so a user (or a model) can fix the call.

export type ErrorCode = 'validation' | 'not_found' | 'unknown_operation' | 'invalid_state' | 'closed';

export class BackgroundTasksError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends BackgroundTasksError {
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super('validation', `${field}: ${rule}`);
  }
}

export class TaskNotFoundError extends BackgroundTasksError {
  constructor(readonly taskId: string) {
    super('not_found', `Task ${taskId} not found`);
  }
}

export class UnknownOperationError extends BackgroundTasksError {
  constructor(
    readonly operation: string,
    readonly known: readonly string[],
    readonly field = 'operation',
  ) {
    super(
      'unknown_operation',
      `${field}: unknown operation "${operation}"; known operations: ${known.length ? known.join(', ') : '(none registered)'}`,
    );
  }
}

export class InvalidStateError extends BackgroundTasksError {
  constructor(message: string) {
    super('invalid_state', message);
  }
}

export class ClosedError extends BackgroundTasksError {
  constructor() {
    super('closed', 'the task database is closed');
  }
}
