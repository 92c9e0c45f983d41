// A typed face on api.ts's request(): the path is one of the server's (as its OpenAPI document names
// it, '/api/console/orgs/{orgId}'), its parameters, query and body are what the route takes, and the
// answer is typed as what it sends — all from the generated api-schema.ts, so a page cannot ask for a
// route or read a field the server does not have. Types only: at run time this is request().
import type { paths } from './api-schema.ts';
import type { ApiBody, ApiPathParams, ApiQuery, ApiResponse, Method, PathsWith } from './api-types.ts';
import { request, type Query } from './api.ts';

type Part<K extends string, T> = [T] extends [never] ? { [_ in K]?: never } : { [_ in K]: T };
type OptionalPart<K extends string, T> = [T] extends [never] ? { [_ in K]?: never } : { [_ in K]?: T };

export type CallOptions<P extends keyof paths, M extends Method> = Part<'params', ApiPathParams<P, M>> &
  OptionalPart<'query', ApiQuery<P, M>> &
  Part<'body', ApiBody<P, M>> & { signal?: AbortSignal };

// The options may be left out when the route needs none of them.
type Rest<P extends keyof paths, M extends Method> =
  object extends CallOptions<P, M> ? [options?: CallOptions<P, M>] : [options: CallOptions<P, M>];

/** The path with its {name} parameters filled in (encoded). */
export function pathWith(path: string, params: Record<string, string> | undefined): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`${path}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
}

function call<M extends Method>(method: M) {
  return <P extends PathsWith<M>>(path: P, ...[options]: Rest<P, M>): Promise<ApiResponse<P, M>> => {
    const { params, query, body, signal } = (options ?? {}) as {
      params?: Record<string, string>;
      query?: Query;
      body?: unknown;
      signal?: AbortSignal;
    };
    return request<ApiResponse<P, M>>(pathWith(path, params), {
      method: method.toUpperCase() as 'GET',
      ...(query ? { query } : {}),
      // As api.post always did: a POST without a body sends {} (the routes take strict empty objects).
      ...(body !== undefined ? { body } : method === 'post' ? { body: {} } : {}),
      ...(signal ? { signal } : {}),
    });
  };
}

export const client = {
  get: call('get'),
  post: call('post'),
  put: call('put'),
  patch: call('patch'),
  delete: call('delete'),
};
