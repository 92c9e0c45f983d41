// The census module's HTTP routes, one Fastify plugin.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { registerCoverageRoutes } from './coverage.js';
import { registerInvitationRoutes } from './invitation.js';
import { registerListRoutes } from './lists.js';
import { registerPeopleRoutes } from './people.js';
import { registerTargetRoutes } from './targets.js';

export const censusRoutes: FastifyPluginAsyncZod = async (app) => {
  registerListRoutes(app);
  registerCoverageRoutes(app);
  registerPeopleRoutes(app);
  registerTargetRoutes(app);
  registerInvitationRoutes(app);
};
