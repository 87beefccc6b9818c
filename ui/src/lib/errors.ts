import type { ApiError } from '../bindings/ApiError';
import type { ErrorCode } from '../bindings/ErrorCode';

// Every code the backend sends: adding one to ErrorCode without listing it here fails tsc.
const CODES: Record<ErrorCode, true> = { invalid_input: true, paused: true, cancelled: true, internal: true };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Whether `value` is the error shape the backend rejects commands with. */
export function isApiError(value: unknown): value is ApiError {
  return (
    isRecord(value) &&
    typeof value['code'] === 'string' &&
    Object.hasOwn(CODES, value['code']) &&
    typeof value['message'] === 'string' &&
    (value['field'] === null || value['field'] === undefined || typeof value['field'] === 'string')
  );
}

/** Whether the page runs inside the Tauri shell (it has the IPC bridge). */
export function hasBackend(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

/**
 * Turns whatever a failed call rejected with into an `ApiError`, so screens have one shape to
 * show. Backend errors pass through; anything else (a bridge failure, a bug) becomes `internal`.
 */
export function toApiError(err: unknown): ApiError {
  if (isApiError(err)) {
    return { code: err.code, message: err.message, field: err.field ?? null };
  }
  if (!hasBackend()) {
    return {
      code: 'internal',
      message: 'The Pilothouse backend is not reachable: this page is running outside the desktop app.',
      field: null,
    };
  }
  if (typeof err === 'string' && err.trim() !== '') {
    return { code: 'internal', message: err, field: null };
  }
  if (err instanceof Error && err.message !== '') {
    return { code: 'internal', message: err.message, field: null };
  }
  return { code: 'internal', message: 'Unexpected error talking to the backend.', field: null };
}
