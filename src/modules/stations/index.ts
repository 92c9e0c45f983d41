// The stations module's public API: rest stations for outdoor workers (issue 17; being built).
import { defineModule } from '../../platform/manifest/manifest.js';
import { stationsMessages } from './messages.js';
import { stationRoutes } from './routes.js';

declare module '../../platform/access/access.js' {
  interface AccessModules {
    stations: true;
  }
}

export const stationsModule = defineModule({
  name: 'stations',
  accessModules: ['stations'],
  routes: stationRoutes,
  messages: stationsMessages,
});

export { AMENITIES, isOpenAt, STATION_KINDS, weekSpans, type Amenity, type OpeningHours, type StationKind } from './rules.js';
export { nearestStations, type NearbyStation, type NearestQuery } from './service/nearest.js';
export { getStation, type Station } from './service/read.js';
export { createStation, updateStation, type StationInput } from './service/write.js';
