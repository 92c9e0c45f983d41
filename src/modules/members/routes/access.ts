// Who may call the members routes (config.access, checked by platform/http/guard.ts), and the app type the route files share.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { staffRoute, type Role } from '../../../platform/access/access.js';

/** The Fastify instance (with the zod type provider) the members plugin registers its routes on. */
export type MembersApp = Parameters<FastifyPluginAsyncZod>[0];

export const member = { access: { auth: 'member' } } as const;
export const open = { access: { auth: 'public' } } as const;
// Checking a card changes nothing: the signed request is not nonce-recorded (see partner-signing.ts).
export const partnerRead = { access: { auth: 'partner', readOnly: true } } as const;
export const staff = <const R extends Role>(role: R) => staffRoute('members', role);
