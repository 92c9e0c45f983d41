// The stations module's public API: rest stations for outdoor workers (issue 17; being built).
import { defineModule } from '../../platform/manifest/manifest.js';
import { registerStationJobs } from './jobs.js';
import { stationInspectionMessages } from './messages-inspections.js';
import { stationServiceMessages } from './messages-services.js';
import { seedStationsDemo } from './seed.js';
import { stationsMessages } from './messages.js';
import { stationRoutes } from './routes/index.js';
import { enableStationIndex } from './routes/nearest-body.js';

declare module '../../platform/access/access.js' {
  interface AccessModules {
    stations: true;
  }
}

declare module '../../platform/auth/sms.js' {
  interface SmsTemplates {
    station_order_placed: true;
    station_order_accepted: true;
    station_order_done: true;
    station_order_cancelled: true;
  }
}

declare module '../../platform/cache/changes.js' {
  interface ChangeTopics {
    /** A station placed, moved, re-timed or closed (subject: its id): the nearest-station index reloads it. */
    stations: true;
  }
}

export const stationsModule = defineModule({
  name: 'stations',
  accessModules: ['stations'],
  routes: stationRoutes,
  seedDemo: seedStationsDemo,
  messages: { ...stationsMessages, ...stationServiceMessages, ...stationInspectionMessages },
  jobs: registerStationJobs,
  caches: enableStationIndex,
});

export { AMENITIES, isOpenAt, STATION_KINDS, weekSpans, type Amenity, type OpeningHours, type StationKind } from './rules.js';
export { nearestStations, type NearbyStation, type NearestQuery } from './service/nearest.js';
export { openStationIndex } from './routes/nearest-body.js';
export { getStation, listStations, type Station, type StationFilter } from './service/read.js';
export { createStation, updateStation, type StationInput } from './service/write.js';
