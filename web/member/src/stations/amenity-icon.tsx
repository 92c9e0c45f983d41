import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Amenity } from './rules.ts';

// One line-drawn glyph per amenity of the catalogue, 24 × 24, in the text's colour: the icon font
// has none for a microwave or a battery cabinet, and a phone without an emoji font shows boxes.
const GLYPHS: Record<Amenity, ReactNode> = {
  water: <path d="M12 3.5C9.5 7 6.5 10.6 6.5 14a5.5 5.5 0 0 0 11 0c0-3.4-3-7-5.5-10.5Z" />,
  rest: (
    <>
      <path d="M3 6v13M3 15h18v4M21 15v-2.5A2.5 2.5 0 0 0 18.5 10H11v5" />
      <circle cx="7" cy="11.5" r="1.8" />
    </>
  ),
  charging: (
    <>
      <rect x="6.5" y="2.5" width="11" height="19" rx="2" />
      <path d="M12.8 7.5 10.3 12h3.4l-2.5 4.5" />
    </>
  ),
  microwave: (
    <>
      <rect x="2.5" y="5" width="19" height="14" rx="2" />
      <rect x="5.5" y="8" width="9.5" height="8" rx="1" />
      <path d="M18.3 8.5v.5M18.3 12v.5M18.3 15.5v.5" />
    </>
  ),
  toilet: (
    <>
      <path d="M6 3.5h5v7H6z" />
      <path d="M4 10.5h15a6 6 0 0 1-6 6h-3.5l1 4h-4l1-4.3A6 6 0 0 1 4 10.5Z" />
    </>
  ),
  air_conditioning: (
    <path d="M12 2.5v19M3.8 7.25l16.4 9.5M3.8 16.75l16.4-9.5M9.5 3.8 12 6l2.5-2.2M9.5 20.2 12 18l2.5 2.2M3.5 10.3l3.2-.8-.8-3.2M20.5 13.7l-3.2.8.8 3.2M5.9 17.7l.8-3.2-3.2-.8M18.1 6.3l-.8 3.2 3.2.8" />
  ),
  sofa: (
    <>
      <path d="M5 10V8a2 2 0 0 1 2-2h10a2 2 0 0 1 2 2v2" />
      <path d="M2.5 12a2 2 0 0 1 4 0v2h11v-2a2 2 0 0 1 4 0v5h-19z" />
      <path d="M5 17v2.5M19 17v2.5" />
    </>
  ),
  first_aid: (
    <>
      <rect x="3" y="6.5" width="18" height="13.5" rx="2" />
      <path d="M9 6.5V4.5h6v2M12 10v6M9 13h6" />
    </>
  ),
  battery_swap: (
    <>
      <rect x="2.5" y="7" width="16.5" height="10" rx="2" />
      <path d="M21.5 10.5v3M11.5 8.8 9.3 12h3.4l-2.2 3.2" />
    </>
  ),
  cooking: (
    <>
      <path d="M4 11h16v4.5a4.5 4.5 0 0 1-4.5 4.5h-7A4.5 4.5 0 0 1 4 15.5z" />
      <path d="M2.5 11h19M10 8h4M9 5c.6-.7.6-1.3 0-2M15 5c.6-.7.6-1.3 0-2" />
    </>
  ),
};

/** The amenity's glyph alone; its name is said by the element around it (aria-label / text). */
export function AmenityGlyph({ amenity, size = 16 }: { amenity: Amenity; size?: number }) {
  return (
    <svg
      className="gh-amenity-glyph"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {GLYPHS[amenity]}
    </svg>
  );
}

/** A small tag: the glyph and the amenity's name (highlighted when it is one the rider filters by). */
export function AmenityTag({ amenity, highlighted }: { amenity: Amenity; highlighted?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`gh-amenity-tag${highlighted ? ' gh-amenity-tag-on' : ''}`} data-amenity={amenity}>
      <AmenityGlyph amenity={amenity} size={14} />
      {t(`memberStations.amenity.${amenity}`)}
    </span>
  );
}

/** The arrow of "导航" (the icon font has a share arrow, not a navigation one). */
export function NavigateGlyph() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M3 10.8 20.5 3.5 13.2 21l-2.1-7.9z" fill="currentColor" />
    </svg>
  );
}
