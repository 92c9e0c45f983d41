// The census module's HTTP routes, one Fastify plugin.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { registerCoverageRoutes } from './coverage.js';
import { registerListRoutes } from './lists.js';

export const censusRoutes: FastifyPluginAsyncZod = async (app) => {
  registerListRoutes(app);
  registerCoverageRoutes(app);
};
