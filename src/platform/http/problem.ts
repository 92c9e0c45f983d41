import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { type AppError, commonErrors, isAppError, type FieldProblem } from '../errors/app-error.js';
import { isDatabaseUnavailable, isTransientConflict, sqlState } from '../db/errors.js';
import { t } from '../i18n/i18n.js';

// RFC 9457 problem details. Every error leaving the server goes through here, so clients can rely on
// `code` (stable) and show `title`/`detail` (Chinese) as they are.

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  instance?: string;
  requestId: string;
  errors: FieldProblem[];
}

export function problemOf(error: AppError, requestId: string): ProblemBody {
  const title = t(`errors.${error.code}`, error.params);
  return {
    type: `https://gonghui.dev/errors/${error.code}`,
    title,
    status: error.status,
    ...(error.detail ? { detail: error.detail } : {}),
    code: error.code,
    requestId,
    errors: error.errors,
  };
}

// A problem list is for a person fixing a form: a body of 20,000 unknown keys gets the first few
// named, not a 20 MB answer (issue 13).
const MAX_PROBLEMS = 20;
const MAX_KEYS_NAMED = 5;
const MAX_TEXT = 200;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

function fromValidation(error: FastifyError): AppError {
  const part = error.validationContext ?? 'body';
  const issues = error.validation ?? [];
  const errors: FieldProblem[] = issues.slice(0, MAX_PROBLEMS).map((issue) => {
    const pointer = clip(issue.instancePath.replace(/^\//, '').replace(/\//g, '.'), MAX_TEXT);
    const params = issue.params as { keys?: string[] };
    // Unknown fields are named, so the client sees which of them to drop.
    const keys = params.keys?.slice(0, MAX_KEYS_NAMED).map((key) => clip(key, 40));
    const more = params.keys && params.keys.length > MAX_KEYS_NAMED ? `,…(${params.keys.length})` : '';
    const field =
      issue.keyword === 'unrecognized_keys' && keys ? `${part}.${keys.join(',')}${more}` : pointer ? `${part}.${pointer}` : part;
    return {
      field,
      code: `validation.${issue.keyword}`,
      message: clip(issue.message ?? t('errors.common.validation_failed'), MAX_TEXT),
    };
  });
  return commonErrors.validationFailed({ count: issues.length }, { errors });
}

/** Maps whatever was thrown to an AppError; unknown errors become a 500 (and are logged in full). */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  const e = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(e)) return fromValidation(e);
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return commonErrors.malformedJson();
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return commonErrors.payloadTooLarge();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return commonErrors.unsupportedMediaType();
    case 'FST_ERR_VALIDATION':
      return commonErrors.validationFailed(
        { count: 1 },
        {
          errors: [
            {
              field: e.validationContext ?? 'request',
              code: 'validation.invalid',
              message: e.message,
            },
          ],
        },
      );
    default:
      break;
  }
  if (e instanceof SyntaxError && e.statusCode === 400) return commonErrors.malformedJson();
  // Data the database itself refused (out-of-range dates, invalid text): bad input, not a fault.
  const state = sqlState(error);
  if (state?.startsWith('22')) {
    return commonErrors.validationFailed(
      { count: 1 },
      { errors: [{ field: 'request', code: `validation.sqlstate_${state}`, message: t('problems.common.value_out_of_range') }] },
    );
  }
  // A deadlock or serialisation failure: nothing was written, and the client may simply retry.
  if (isTransientConflict(error)) return commonErrors.conflict({}, { cause: error });
  // A failover takes seconds (docs/OPERATIONS.md): the client retries after them.
  if (isDatabaseUnavailable(error)) return commonErrors.databaseUnavailable({ seconds: 2 }, { cause: error });
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    if (e.statusCode === 404) return commonErrors.notFound();
    if (e.statusCode === 413) return commonErrors.payloadTooLarge();
    if (e.statusCode === 415) return commonErrors.unsupportedMediaType();
    if (e.statusCode === 429) return commonErrors.rateLimited();
    return commonErrors.validationFailed(
      { count: 1 },
      {
        errors: [{ field: 'request', code: 'validation.invalid', message: e.message }],
      },
    );
  }
  return commonErrors.internal({}, { cause: error });
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: AppError): FastifyReply {
  // A refusal that knows when it would be lifted (a rate limit, a busy or failing-over database) says so
  // in the standard header, not only in the title.
  const seconds = error.params.seconds;
  if ((error.status === 429 || error.status === 503) && typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0) {
    reply.header('retry-after', String(Math.ceil(seconds)));
  }
  return reply.code(error.status).type('application/problem+json; charset=utf-8').send(problemOf(error, request.id));
}

export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: appError.code, status: appError.status }, 'request refused');
    return sendProblem(reply, request, appError);
  });
}
