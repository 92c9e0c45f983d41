// The modules of this installation, dependencies first. Adding a module is its folder under
// src/modules/ and one line here (docs/ADDING_A_MODULE.md).
import { campaignsModule } from '#modules/campaigns';
import { censusModule } from '#modules/census';
import { fundsModule } from '#modules/funds';
import { hardshipModule } from '#modules/hardship';
import { membersModule } from '#modules/members';
import { mutualAidModule } from '#modules/mutual-aid';
import { orgsModule } from '#modules/orgs';
import { partnersModule } from '#modules/partners';
import { staffModule } from '#modules/staff';
import { stationsModule } from '#modules/stations';
import type { ModuleDefinition } from './platform/manifest/manifest.js';
import { installModules } from './platform/manifest/registry.js';

export const MODULES: readonly ModuleDefinition[] = [
  orgsModule,
  staffModule,
  membersModule,
  partnersModule,
  campaignsModule,
  censusModule,
  stationsModule,
  fundsModule,
  hardshipModule,
  mutualAidModule,
];

installModules(MODULES);
