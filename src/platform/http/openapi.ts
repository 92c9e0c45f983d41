import fastifySwagger, { type SwaggerTransform } from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RouteAccess } from '../access/access.js';

// The OpenAPI document at /api/docs is written for a partner's tools as much as for our web apps
// (their types are generated from it): every operation says who may call it (security), and what
// problem+json answers it can give besides success. Both are derived from what the route already
// declares — its access and its inputs — so the document cannot say something the guard does not do;
// the statuses only a route's use case can throw (409, 422, 429…) the route declares in
// `config.problems`. test/openapi-lint.test.ts holds the document to Redocly's recommended rules.

/** Refusals a use case can answer with, beyond those the guard and the validation give every route. */
export type DeclaredProblemStatus = 400 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503;

declare module 'fastify' {
  interface FastifyContextConfig {
    problems?: readonly DeclaredProblemStatus[];
  }
}

const PROBLEM = 'application/problem+json';

/** The success answer of a route that answers 204: documented as having no body. */
export const NoContent = z.null().describe('成功，无正文');

/** The success answer of a route that sends a file rather than JSON. */
export function fileResponse(contentType: string, description: string) {
  return { description, content: { [contentType]: { schema: z.any().meta({ type: 'string', format: 'binary' }) } } };
}

const PROBLEM_SCHEMA = {
  type: 'object' as const,
  description: 'RFC 9457 problem details；`code` 稳定，供程序判断；`title`、`detail` 为中文，可直接展示。',
  required: ['type', 'title', 'status', 'code', 'requestId', 'errors'],
  properties: {
    type: { type: 'string' as const, format: 'uri', examples: ['https://gonghui.dev/errors/orgs.not_found'] },
    title: { type: 'string' as const },
    status: { type: 'integer' as const },
    detail: { type: 'string' as const },
    code: { type: 'string' as const, examples: ['common.validation_failed'] },
    instance: { type: 'string' as const },
    requestId: { type: 'string' as const, description: '与响应头 x-request-id 相同，报告问题时请附上' },
    errors: {
      type: 'array' as const,
      description: '逐个字段或逐行的问题',
      items: {
        type: 'object' as const,
        required: ['field', 'code', 'message'],
        properties: {
          field: { type: 'string' as const, examples: ['body.name'] },
          code: { type: 'string' as const, examples: ['validation.too_small'] },
          message: { type: 'string' as const },
          row: { type: 'integer' as const },
          column: { type: 'string' as const },
        },
      },
    },
  },
};

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: '请求无效：字段校验不通过、JSON 格式错误或编码错误（errors[] 列出每个问题）',
  401: '未登录、会话已过期，或合作单位签名无效',
  403: '无此操作的权限，或浏览器跨站请求被拒绝',
  404: '对象不存在，或不在当前账号的组织范围内',
  409: '与当前状态冲突',
  413: '请求体过大',
  415: '不支持的请求体类型',
  422: '请求格式正确，但内容无法处理',
  429: '请求过于频繁；Retry-After 响应头给出可重试的秒数',
  503: '暂时无法处理（数据库繁忙或正在切换），本次请求未写入任何数据；Retry-After 响应头给出可重试的秒数，用同一 Idempotency-Key 重试',
};

const SECURITY_SCHEMES = {
  staffSession: {
    type: 'apiKey',
    in: 'cookie',
    name: 'gh_staff',
    description: '工作人员会话：POST /api/console/auth/sign-in（及 totp）设置的 Cookie',
  },
  memberSession: {
    type: 'apiKey',
    in: 'cookie',
    name: 'gh_member',
    description: '会员会话：POST /api/member/auth/sign-in 设置的 Cookie',
  },
  sessionBearer: {
    type: 'http',
    scheme: 'bearer',
    description: '与会话 Cookie 相同的令牌，放在 Authorization: Bearer 中（工作人员或会员）',
  },
  partnerKey: { type: 'apiKey', in: 'header', name: 'X-Gonghui-Key', description: '合作单位密钥 id，见 docs/PARTNER_API.md' },
  partnerTimestamp: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Gonghui-Timestamp',
    description: 'Unix 秒；与服务器时钟相差超过 300 秒即拒绝',
  },
  partnerNonce: { type: 'apiKey', in: 'header', name: 'X-Gonghui-Nonce', description: '每个请求一个新的随机串（8–128 个字符）' },
  partnerSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Gonghui-Signature',
    description: 'base64(HMAC-SHA256(密钥, 规范化请求))，规范化方法见 docs/PARTNER_API.md',
  },
} as const;

type SecurityRequirement = Record<string, string[]>;

function securityOf(access: RouteAccess | undefined): SecurityRequirement[] {
  switch (access?.auth) {
    case undefined:
    case 'public':
      return [];
    case 'member':
      return [{ memberSession: [] }, { sessionBearer: [] }];
    case 'staff':
    case 'staff-any':
      return [{ staffSession: [] }, { sessionBearer: [] }];
    case 'partner':
      // All four headers together: one requirement object means "and".
      return [{ partnerKey: [], partnerTimestamp: [], partnerNonce: [], partnerSignature: [] }];
    default: {
      const never: never = access;
      throw new Error(`unknown access ${JSON.stringify(never)}`);
    }
  }
}

interface RouteFacts {
  access: RouteAccess | undefined;
  declared: readonly DeclaredProblemStatus[];
  methods: readonly string[];
  hasPathParams: boolean;
  takesBody: boolean;
}

/** The 4xx statuses a route can answer: those its access and inputs imply, and those it declares. */
export function problemStatusesOf(route: RouteFacts): number[] {
  const statuses = new Set<number>(route.declared);
  const auth = route.access?.auth ?? 'public';
  // Every route can answer 400: the query string of any request is checked for ill-formed text (app.ts).
  statuses.add(400);
  if (auth !== 'public') statuses.add(401);
  if (route.access?.auth === 'staff') statuses.add(403);
  // The guard refuses a browser's state-changing request from another site (platform/http/origin.ts).
  if (auth !== 'partner' && route.methods.some((m) => m !== 'GET' && m !== 'HEAD')) statuses.add(403);
  if (route.hasPathParams) statuses.add(404);
  // A body is refused when too large, or of a media type the route does not take (bodies.ts).
  if (route.takesBody) {
    statuses.add(413);
    statuses.add(415);
  }
  return [...statuses].sort((a, b) => a - b);
}

function problemResponse(status: number): { description: string; content: Record<string, { schema: { $ref: string } }> } {
  return {
    description: PROBLEM_DESCRIPTIONS[status] ?? `HTTP ${status}`,
    content: { [PROBLEM]: { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

const documentRoute: SwaggerTransform = (input) => {
  const { schema, url } = jsonSchemaTransform(input) as { schema: FastifySchema & Record<string, unknown>; url: string };
  const config = (input.route.config ?? {}) as { access?: RouteAccess; problems?: readonly DeclaredProblemStatus[] };
  const statuses = problemStatusesOf({
    access: config.access,
    declared: config.problems ?? [],
    methods: Array.isArray(input.route.method) ? input.route.method : [input.route.method],
    hasPathParams: url.includes(':'),
    takesBody: Boolean(
      (input.schema as FastifySchema | undefined)?.body ?? (input.route.config as { upload?: unknown } | undefined)?.upload,
    ),
  });
  const response: Record<string, unknown> = { ...(schema.response as Record<string, unknown> | undefined) };
  // What @fastify/swagger says of a route without a response schema, kept for routes that declare none.
  if (!Object.keys(response).some((status) => /^[23]/.test(status))) response['200'] = { type: 'null', description: 'Default Response' };
  for (const status of statuses) response[String(status)] ??= problemResponse(status);
  // A redirect (a browser's navigation, such as WeChat's 网页授权 round trip) says where it goes.
  for (const [status, answer] of Object.entries(response)) {
    if (/^3\d\d$/.test(status) && status !== '304' && typeof answer === 'object' && answer !== null) {
      response[status] = { ...answer, headers: { Location: { type: 'string', format: 'uri-reference', description: '去向' } } };
    }
  }
  return { schema: { ...schema, security: securityOf(config.access), response }, url };
};

/** The API's OpenAPI document (GET /api/docs/json) and its browser at /api/docs. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '工惠 Gonghui API',
        version: '0.1.0',
        description: '工会服务新就业形态劳动者的开放平台：工作人员控制台、会员 H5 与合作单位接口。错误均为 RFC 9457 problem+json。',
        contact: { name: '工惠 Gonghui', url: 'https://gonghui.dev' },
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      // Relative: the document describes whichever server it is fetched from.
      servers: [{ url: '/', description: '本服务（控制台、会员 H5 与合作单位接口同源）' }],
      components: {
        securitySchemes: SECURITY_SCHEMES,
        schemas: { Problem: PROBLEM_SCHEMA },
      },
    },
    transform: documentRoute,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
}
