// Who may call the stations routes (config.access, checked by platform/http/guard.ts), and the app type the route files share.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { staffRoute, type Role } from '../../../platform/access/access.js';

export type StationsApp = Parameters<FastifyPluginAsyncZod>[0];

export const member = { access: { auth: 'member' } } as const;
export const open = { access: { auth: 'public' } } as const;
export const staff = <const R extends Role>(role: R) => staffRoute('stations', role);
