// The stations module's HTTP routes, one Fastify plugin: each file registers one audience's routes.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { registerConsoleRoutes } from './console.js';
import { registerInspectionRoutes } from './inspections.js';
import { registerMemberRoutes } from './member.js';
import { registerPhotoRoutes } from './photos.js';
import { registerServiceConsoleRoutes } from './service-console.js';
import { registerServiceMemberRoutes } from './service-member.js';
import { registerTransferRoutes } from './transfer.js';

export const stationRoutes: FastifyPluginAsyncZod = async (app) => {
  registerConsoleRoutes(app);
  registerMemberRoutes(app);
  registerPhotoRoutes(app);
  registerInspectionRoutes(app);
  registerTransferRoutes(app);
  registerServiceConsoleRoutes(app);
  registerServiceMemberRoutes(app);
};
