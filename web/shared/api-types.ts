// Names for what the generated OpenAPI types (api-schema.ts) say a route answers and takes, so that a
// page's types are the server's, not a copy that can drift from it.
import type { paths } from './api-schema.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;
type Success<Responses> = { [S in keyof Responses]: S extends 200 | 201 | 202 ? JsonOf<Responses[S]> : never }[keyof Responses];
// A 204 answer has no body: the request resolves to undefined.
type NoContent<Responses> = 204 extends keyof Responses ? undefined : never;

/** The paths that take a method. */
export type PathsWith<M extends Method> = { [P in keyof paths]: paths[P][M] extends { responses: unknown } ? P : never }[keyof paths];

/** The JSON body a route answers with on success (undefined for 204). */
export type ApiResponse<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { responses: infer R } ? Success<R> | NoContent<R> : never;

/** The JSON body a route takes. */
export type ApiBody<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody?: infer R } ? ([NonNullable<R>] extends [never] ? never : JsonOf<NonNullable<R>>) : never;

/** The query string a route reads. */
export type ApiQuery<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? ([Q] extends [undefined] ? never : NonNullable<Q>) : never;

/** The path parameters a route's path names ({orgId} → { orgId: string }). */
export type ApiPathParams<P extends keyof paths, M extends Method> = Operation<P, M> extends { parameters: { path: infer X } } ? X : never;
