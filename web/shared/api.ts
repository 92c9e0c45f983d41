// A small fetch wrapper shared by the three front ends: JSON in and out, same-origin cookies, and
// RFC 9457 problem+json errors turned into one ApiError type the pages can show.
import type { components } from './api-schema.ts';
import { i18n } from './i18n/index.ts';

/** One field or row problem of a problem+json body (the server's Problem schema). */
export type ProblemItem = components['schemas']['Problem']['errors'][number];

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: ProblemItem[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: ProblemItem[];
  /** From the Retry-After header of a refusal that says when it lifts (429), in seconds. */
  readonly retryAfterSeconds: number | null;

  constructor(problem: Problem, retryAfterSeconds: number | null = null) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code ?? `http.${problem.status}`;
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Retry-After in seconds (the HTTP-date form is not sent by our server, so it is not read). */
export function retryAfterSeconds(header: string | null): number | null {
  if (!header || !/^\d+$/.test(header.trim())) return null;
  return Number(header.trim());
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** The text to show for any error thrown by a request (the problem's Chinese title). */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.title;
  if (error instanceof Error && error.name === 'AbortError') return i18n.t('common.errors.aborted');
  return i18n.t('common.errors.unexpected');
}

/** Several messages as one line, with the locale's list separator. */
export function joinMessages(messages: readonly string[]): string {
  return messages.join(i18n.t('common.listSeparator'));
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  /** Sent as JSON unless it is a Blob/ArrayBuffer (then sent as is with `contentType`). */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

type UnauthorizedListener = (path: string) => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Called whenever a request answers 401, so an app can drop back to its sign-in page. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}${path.includes('?') ? '&' : '?'}${search}` : path;
}

function isProblemLike(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).title === 'string';
}

/** Reads an error response into an ApiError, whatever the server (or a proxy in front of it) sent. */
export async function problemFromResponse(response: Response): Promise<ApiError> {
  const text = await response.text().catch(() => '');
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  const retryAfter = retryAfterSeconds(response.headers.get('retry-after'));
  if (isProblemLike(parsed)) {
    return new ApiError({ ...parsed, status: typeof parsed.status === 'number' ? parsed.status : response.status }, retryAfter);
  }
  return new ApiError({ title: httpStatusTitle(response.status), status: response.status }, retryAfter);
}

function httpStatusTitle(status: number): string {
  if (status === 401) return i18n.t('common.errors.unauthorized');
  if (status === 403) return i18n.t('common.errors.forbidden');
  if (status === 404) return i18n.t('common.errors.notFound');
  if (status === 413) return i18n.t('common.errors.tooLarge');
  if (status === 429) return i18n.t('common.errors.rateLimited');
  if (status >= 500) return i18n.t('common.errors.server', { status });
  return i18n.t('common.errors.http', { status });
}

function isRawBody(body: unknown): body is Blob | ArrayBuffer | Uint8Array | string {
  return body instanceof Blob || body instanceof ArrayBuffer || body instanceof Uint8Array || typeof body === 'string';
}

/** Turns the options into fetch's RequestInit (exported for the partner page, which signs the body). */
export function buildInit(options: RequestOptions): { init: RequestInit; bodyText: string | null } {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
  let body: BodyInit | undefined;
  let bodyText: string | null = null;
  if (options.body !== undefined) {
    if (isRawBody(options.body)) {
      body = options.body as BodyInit;
      if (options.contentType) headers['content-type'] = options.contentType;
      if (typeof options.body === 'string') bodyText = options.body;
    } else {
      bodyText = JSON.stringify(options.body);
      body = bodyText;
      headers['content-type'] = 'application/json';
    }
  }
  return {
    init: {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
    bodyText,
  };
}

/** Sends the request and reads the reply: the parsed JSON, or undefined for 204. */
export async function send<T>(url: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') throw error;
    throw new ApiError({ title: i18n.t('common.errors.network'), status: 0, code: 'common.network' });
  }
  return readResponse<T>(url, response);
}

/** The reply read as `send` reads it: the parsed JSON, undefined for 204, or the problem thrown. */
async function readResponse<T>(url: string, response: Response): Promise<T> {
  if (!response.ok) {
    const error = await problemFromResponse(response);
    if (response.status === 401) for (const listener of unauthorizedListeners) listener(url);
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError({ title: i18n.t('common.errors.badResponse'), status: response.status, code: 'common.bad_response' });
  }
}

export function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { init } = buildInit(options);
  return send<T>(withQuery(path, options.query), init);
}

export interface UploadOptions {
  /** How much of the body has gone, 0 to 1 (only when the browser can tell the total). */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

function xhrHeaders(raw: string): Headers {
  const headers = new Headers();
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const at = line.indexOf(':');
    if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return headers;
}

// fetch cannot report how much of a request body has been sent, and a photo over a phone's mobile data
// takes long enough that a worker needs to see it move: an upload that asks for progress goes through
// XMLHttpRequest, and its reply is read exactly as fetch's would be.
function uploadWithProgress<T>(url: string, file: Blob, contentType: string, options: UploadOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('content-type', contentType);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body = xhr.status === 204 || xhr.status === 205 || xhr.status === 304 ? null : xhr.responseText;
      resolve(readResponse<T>(url, new Response(body, { status: xhr.status, headers: xhrHeaders(xhr.getAllResponseHeaders()) })));
    };
    xhr.onerror = () => reject(new ApiError({ title: i18n.t('common.errors.network'), status: 0, code: 'common.network' }));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    if (options.signal) {
      if (options.signal.aborted) return reject(new DOMException('aborted', 'AbortError'));
      options.signal.addEventListener('abort', () => xhr.abort(), { once: true });
    }
    xhr.send(file);
  });
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) =>
    request<T>(path, { method: 'GET', ...(query ? { query } : {}), ...(signal ? { signal } : {}) }),
  post: <T>(path: string, body?: unknown, query?: Query) =>
    request<T>(path, { method: 'POST', body: body ?? {}, ...(query ? { query } : {}) }),
  patch: <T>(path: string, body: unknown) => request<T>(path, { method: 'PATCH', body }),
  del: <T>(path: string) => request<T>(path, { method: 'DELETE' }),
  /** The file itself as the body; with `onProgress`, the share sent so far is reported as it goes. */
  upload: <T>(path: string, file: Blob, contentType: string, query?: Query, options: UploadOptions = {}) =>
    options.onProgress && typeof XMLHttpRequest !== 'undefined'
      ? uploadWithProgress<T>(withQuery(path, query), file, contentType, options)
      : request<T>(path, {
          method: 'POST',
          body: file,
          contentType,
          ...(query ? { query } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        }),
};

/**
 * Splits a problem's errors[] into per-field messages for a form, keyed by the form's field names
 * ('body.name' and 'name' both map to `name`), and the rest that belong to no known field.
 */
export function fieldErrors(error: unknown, fields: readonly string[]): { byField: Record<string, string[]>; rest: string[] } {
  const byField: Record<string, string[]> = {};
  const rest: string[] = [];
  if (!(error instanceof ApiError)) return { byField, rest };
  for (const item of error.errors) {
    const field = item.field?.replace(/^(body|query|params)\./, '').split('.')[0];
    if (field && fields.includes(field)) (byField[field] ??= []).push(item.message);
    else rest.push(item.message);
  }
  return { byField, rest };
}
