// The stations module's HTTP routes, one Fastify plugin: each file registers one audience's routes.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { registerConsoleRoutes } from './console.js';
import { registerMemberRoutes } from './member.js';

export const stationRoutes: FastifyPluginAsyncZod = async (app) => {
  registerConsoleRoutes(app);
  registerMemberRoutes(app);
};
