// The stations module's public API: rest stations for outdoor workers (issue 17; being built).
import { defineModule } from '../../platform/manifest/manifest.js';
import { stationsMessages } from './messages.js';

export const stationsModule = defineModule({
  name: 'stations',
  messages: stationsMessages,
});

export { AMENITIES, STATION_KINDS, type Amenity, type StationKind } from './rules.js';
