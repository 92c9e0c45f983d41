// The map view, in a chunk of its own with Leaflet: the rider, the riding circle and the stations,
// each placed by its coordinates in the tiles' datum (AMap's and Tencent's tiles are GCJ-02). With no
// tile server configured (or none reachable) it is the same map on a plain grid: the pins, the circle
// and the scale still tell a rider which way and how far.
import { useEffect, useRef } from 'react';
import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './station-map.css';
import { useTranslation } from 'react-i18next';
import type { MapSettings, NearbyStation, NearestList } from './api.ts';
import { distanceText } from './station-text.ts';

export interface StationMapProps {
  settings: MapSettings | null;
  origin: NearestList['origin'];
  stations: readonly NearbyStation[];
  circleMeters: number;
  circleMinutes: number;
  selectedId: string | null;
  onSelect: (id: string | null) => void;
}

/** A light grid in place of tiles: it moves and scales with the map, so panning still looks like panning. */
class PlainGrid extends L.GridLayer {
  protected override createTile(): HTMLElement {
    const tile = document.createElement('div');
    tile.className = 'gh-st-grid-tile';
    return tile;
  }
}

/** A map button in Leaflet's own control corner (under the zoom buttons). */
class ButtonControl extends L.Control {
  constructor(
    private readonly label: string,
    private readonly html: string,
    private readonly onClick: () => void,
  ) {
    super({ position: 'topright' });
  }
  override onAdd(): HTMLElement {
    const bar = L.DomUtil.create('div', 'leaflet-bar');
    const button = L.DomUtil.create('a', 'gh-st-map-button', bar);
    button.href = '#';
    button.setAttribute('role', 'button');
    button.setAttribute('aria-label', this.label);
    button.title = this.label;
    button.innerHTML = this.html;
    L.DomEvent.disableClickPropagation(bar);
    L.DomEvent.on(button, 'click', (event) => {
      L.DomEvent.preventDefault(event);
      this.onClick();
    });
    return bar;
  }
}

const CROSSHAIR =
  '<svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" aria-hidden="true"><circle cx="12" cy="12" r="7"/><circle cx="12" cy="12" r="2.5" fill="currentColor"/><path d="M12 2v3M12 19v3M2 12h3M19 12h3"/></svg>';

function pinIcon(index: number, station: NearbyStation, selected: boolean): L.DivIcon {
  const classes = ['gh-st-pin', station.openNow ? '' : 'gh-st-pin-closed', selected ? 'gh-st-pin-selected' : ''].filter(Boolean).join(' ');
  return L.divIcon({
    className: 'gh-st-marker',
    html: `<span class="${classes}" data-testid="stations-map-marker" data-id="${station.id}"><span class="gh-st-pin-no">${index}</span></span>`,
    iconSize: [32, 40],
    iconAnchor: [16, 40],
  });
}

export function StationMap({ settings, origin, stations, circleMeters, circleMinutes, selectedId, onSelect }: StationMapProps) {
  const { t } = useTranslation();
  const element = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const markers = useRef(new Map<string, { marker: L.Marker; index: number; station: NearbyStation }>());
  const home = useRef<L.LatLngBounds | null>(null);
  const select = useRef(onSelect);
  select.current = onSelect;
  const selected = useRef(selectedId);
  selected.current = selectedId;

  const tileUrl = settings?.tileUrl ?? null;
  // Markers go in the datum of the tiles; with no tiles any one will do, as long as it is one.
  const datum = settings?.tileDatum ?? 'gcj02';

  // The map itself, once.
  useEffect(() => {
    if (!element.current) return;
    const created = L.map(element.current, { zoomControl: false, attributionControl: false, zoomSnap: 0.5 });
    L.control
      .zoom({ position: 'topright', zoomInTitle: t('memberStations.map.zoomIn'), zoomOutTitle: t('memberStations.map.zoomOut') })
      .addTo(created);
    new ButtonControl(t('memberStations.map.recenter'), CROSSHAIR, () => {
      if (home.current) created.fitBounds(home.current, { padding: [28, 28], maxZoom: 16 });
    }).addTo(created);
    L.control.scale({ imperial: false, position: 'bottomleft' }).addTo(created);
    created.on('click', () => select.current(null));
    map.current = created;
    return () => {
      created.remove();
      map.current = null;
    };
  }, [t]);

  // The base layer: the configured tiles, or the plain grid.
  useEffect(() => {
    const current = map.current;
    if (!current) return;
    const base: L.GridLayer = tileUrl
      ? L.tileLayer(tileUrl, {
          subdomains: settings?.subdomains.length ? settings.subdomains : 'abc',
          maxZoom: 18,
          attribution: settings?.attribution ?? '',
        })
      : new PlainGrid({ tileSize: 128 });
    base.addTo(current);
    const attribution = tileUrl && settings?.attribution ? L.control.attribution({ prefix: false }).addTo(current) : null;
    return () => {
      base.remove();
      attribution?.remove();
    };
  }, [tileUrl, settings?.subdomains, settings?.attribution]);

  // The rider, the circle and the stations; the view fits the circle and the nearest few.
  useEffect(() => {
    const current = map.current;
    if (!current) return;
    const here = origin[datum];
    const center = L.latLng(here.lat, here.lng);
    const layer = L.layerGroup().addTo(current);
    L.circle(center, {
      radius: circleMeters,
      color: '#c8102e',
      weight: 1.5,
      dashArray: '6 6',
      fillColor: '#c8102e',
      fillOpacity: 0.07,
      interactive: false,
    }).addTo(layer);
    L.marker(center, {
      icon: L.divIcon({
        className: 'gh-st-marker',
        html: '<span class="gh-st-me" data-testid="stations-map-me"></span>',
        iconSize: [22, 22],
      }),
      interactive: false,
      keyboard: false,
      zIndexOffset: -1000,
    }).addTo(layer);

    markers.current.clear();
    stations.forEach((station, i) => {
      const point = station[datum];
      const marker = L.marker([point.lat, point.lng], {
        icon: pinIcon(i + 1, station, station.id === selected.current),
        title: `${station.name} · ${distanceText(station.distanceM)}`,
        riseOnHover: true,
        zIndexOffset: station.id === selected.current ? 1000 : -i,
      });
      marker.on('click', (event) => {
        L.DomEvent.stopPropagation(event);
        select.current(station.id);
      });
      marker.addTo(layer);
      markers.current.set(station.id, { marker, index: i + 1, station });
    });

    // The circle and the three nearest (a far one would zoom a town out to a province).
    // From the centre, not circle.getBounds(): that one needs a map that already has a view.
    const bounds = center.toBounds(circleMeters * 2);
    for (const station of stations.slice(0, 3)) {
      if (station.distanceM <= Math.max(circleMeters * 4, 5_000)) bounds.extend([station[datum].lat, station[datum].lng]);
    }
    home.current = bounds;
    current.fitBounds(bounds, { padding: [28, 28], maxZoom: 16, animate: false });
    return () => {
      layer.remove();
      markers.current.clear();
    };
  }, [origin, stations, datum, circleMeters]);

  // The tapped station's pin in red and on top.
  useEffect(() => {
    for (const [id, { marker, index, station }] of markers.current) {
      marker.setIcon(pinIcon(index, station, id === selectedId));
      marker.setZIndexOffset(id === selectedId ? 1000 : -index);
    }
  }, [selectedId]);

  return (
    <div className="gh-st-map-box">
      <div
        ref={element}
        className={`gh-st-map${tileUrl ? '' : ' gh-st-map-plain'}`}
        data-testid="stations-map"
        data-tiles={tileUrl ? 'yes' : 'no'}
      />
      <div className="gh-st-legend" aria-hidden="true">
        <span>
          <i className="gh-st-legend-me" />
          {t('memberStations.map.you')}
        </span>
        <span>
          <i className="gh-st-legend-circle" />
          {t('memberStations.map.circle', { minutes: circleMinutes, distance: distanceText(circleMeters) })}
        </span>
      </div>
      {!tileUrl && <div className="gh-st-no-tiles">{t('memberStations.map.noTiles')}</div>}
    </div>
  );
}
