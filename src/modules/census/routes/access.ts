// Who may call the census routes (config.access, checked by platform/http/guard.ts), and the app type the route files share.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { staffRoute, type Role } from '../../../platform/access/access.js';

export type CensusApp = Parameters<FastifyPluginAsyncZod>[0];

export const staff = <const R extends Role>(role: R) => staffRoute('census', role);
