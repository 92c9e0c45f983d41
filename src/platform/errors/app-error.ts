// One error type for the whole server. Services and rules throw it; only platform/http turns it into HTTP.

export interface FieldProblem {
  /** JSON pointer-ish path ("body.name", "row 3 / 统一社会信用代码"). */
  field: string;
  code: string;
  message: string;
  row?: number;
  column?: string;
}

export interface AppErrorInit {
  code: string;
  status: number;
  params?: Record<string, unknown>;
  errors?: FieldProblem[];
  detail?: string;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly params: Record<string, unknown>;
  readonly errors: FieldProblem[];
  readonly detail: string | undefined;

  constructor(init: AppErrorInit) {
    // A refusal (4xx) is an answer, not a fault: nobody reads its stack, and capturing one for each of
    // the thousands of "sold out" answers at a release cost microseconds apiece.
    const stackTraceLimit = Error.stackTraceLimit;
    if (init.status < 500) Error.stackTraceLimit = 0;
    super(init.code, { cause: init.cause });
    Error.stackTraceLimit = stackTraceLimit;
    this.name = 'AppError';
    this.code = init.code;
    this.status = init.status;
    this.params = init.params ?? {};
    this.errors = init.errors ?? [];
    this.detail = init.detail;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

type Spec = { status: number };
type Factories<T extends Record<string, Spec>> = {
  [K in keyof T]: (params?: Record<string, unknown>, extra?: { errors?: FieldProblem[]; detail?: string; cause?: unknown }) => AppError;
} & { readonly codes: { [K in keyof T]: string } };

const registry = new Map<string, number>();

/** Every code defined anywhere; the architecture test compares it with i18n and docs/ERRORS.md. */
export function allErrorCodes(): ReadonlyMap<string, number> {
  return registry;
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** defineErrors('orgs', { notFound: { status: 404 } }) → orgErrors.notFound() with code 'orgs.not_found'. */
export function defineErrors<T extends Record<string, Spec>>(scope: string, specs: T): Factories<T> {
  const out: Record<string, unknown> = {};
  const codes: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const code = `${scope}.${snake(name)}`;
    if (registry.has(code)) throw new Error(`error code defined twice: ${code}`);
    registry.set(code, spec.status);
    codes[name] = code;
    out[name] = (params?: Record<string, unknown>, extra?: { errors?: FieldProblem[]; detail?: string; cause?: unknown }) =>
      new AppError({
        code,
        status: spec.status,
        ...(params ? { params } : {}),
        ...extra,
      });
  }
  out.codes = codes;
  return out as Factories<T>;
}

export const commonErrors = defineErrors('common', {
  validationFailed: { status: 400 },
  malformedJson: { status: 400 },
  bodyTooDeep: { status: 400 },
  invalidEncoding: { status: 400 },
  unsupportedMediaType: { status: 415 },
  payloadTooLarge: { status: 413 },
  notFound: { status: 404 },
  methodNotAllowed: { status: 405 },
  unauthenticated: { status: 401 },
  forbidden: { status: 403 },
  crossSiteRequest: { status: 403 },
  rateLimited: { status: 429 },
  conflict: { status: 409 },
  internal: { status: 500 },
  unavailable: { status: 503 },
  /** The database is failing over or out of reach: nothing of the request was written; send it again. */
  databaseUnavailable: { status: 503 },
});
