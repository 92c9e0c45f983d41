// The members module's HTTP routes, one Fastify plugin: each file registers one audience's or use case's routes.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { registerApplicationRoutes } from './applications.js';
import { registerCardRoutes } from './cards.js';
import { registerImportRoutes } from './imports.js';
import { registerMemberSelfRoutes } from './member.js';
import { registerRollRoutes } from './roll.js';
import { registerTransferRoutes } from './transfers.js';

export const memberRoutes: FastifyPluginAsyncZod = async (app) => {
  registerMemberSelfRoutes(app);
  registerCardRoutes(app);
  registerApplicationRoutes(app);
  registerRollRoutes(app);
  registerImportRoutes(app);
  registerTransferRoutes(app);
};
