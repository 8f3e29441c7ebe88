// Keeps an operation's return value only when it survives JSON (the task database stores JSON):
// VS Code commands return Uris, Positions, class instances, sometimes cycles or functions.

export type JsonCheck = { ok: true; value: unknown } | { ok: false; reason: string };

export function toJsonResult(value: unknown): JsonCheck {
  if (value === undefined) return { ok: true, value: null };
  try {
    const text = JSON.stringify(value);
    // A function or a symbol alone stringifies to undefined.
    if (text === undefined) return { ok: false, reason: `a ${typeof value} is not JSON` };
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
