import { useTranslation } from 'react-i18next';
import type { NearbyStation } from './api.ts';
import { AmenityTag } from './amenity-icon.tsx';
import type { Amenity } from './rules.ts';
import { distanceText, ridingText } from './station-text.ts';

/** 营业中 / 休息中, green or grey. */
export function OpenBadge({ open }: { open: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`gh-st-open ${open ? 'gh-st-open-yes' : 'gh-st-open-no'}`} data-testid="station-open" data-open={open}>
      {open ? t('memberStations.open.now') : t('memberStations.open.closed')}
    </span>
  );
}

/** The amenities of a row as small tags, glyph and name; those the rider filters by come first, highlighted. */
function RowAmenities({ amenities, highlighted }: { amenities: readonly Amenity[]; highlighted: readonly Amenity[] }) {
  const ordered = [...amenities.filter((a) => highlighted.includes(a)), ...amenities.filter((a) => !highlighted.includes(a))];
  return (
    <span className="gh-st-amenities">
      {ordered.map((amenity) => (
        <AmenityTag key={amenity} amenity={amenity} highlighted={highlighted.includes(amenity)} />
      ))}
    </span>
  );
}

/**
 * One station of the list, the whole row a button: its number (the same as its pin on the map), name
 * and kind, how far and how long a ride, open or not, and what it has.
 */
export function StationRow({
  station,
  index,
  within,
  circleMinutes,
  highlighted,
  onOpen,
}: {
  station: NearbyStation;
  index: number;
  /** Within the riding circle. */
  within: boolean;
  circleMinutes: number;
  highlighted: readonly Amenity[];
  onOpen: () => void;
}) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className={`gh-st-row${within ? ' gh-st-row-within' : ''}`}
      onClick={onOpen}
      data-testid="station-row"
      data-id={station.id}
      data-within={within}
    >
      <span className={`gh-st-index${station.openNow ? '' : ' gh-st-index-closed'}`} aria-hidden="true">
        {index}
      </span>
      <span className="gh-st-row-main">
        <span className="gh-st-row-head">
          <span className="gh-st-name" data-testid="station-name">
            {station.name}
          </span>
          <span className="gh-st-distance" data-testid="station-distance">
            {distanceText(station.distanceM)}
          </span>
        </span>
        <span className="gh-st-row-meta">
          <span className="gh-st-kind">{t(`memberStations.kind.${station.kind}`)}</span>
          <OpenBadge open={station.openNow} />
          <span className="gh-st-riding">{ridingText(station.ridingMinutes)}</span>
          {within && (
            <span className="gh-st-within" data-testid="station-within">
              {t('memberStations.nearby.withinCircle', { minutes: circleMinutes })}
            </span>
          )}
        </span>
        {station.amenities.length > 0 && <RowAmenities amenities={station.amenities} highlighted={highlighted} />}
      </span>
    </button>
  );
}
