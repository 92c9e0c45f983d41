// The rider's position from navigator.geolocation (WGS-84), with every way it can fail named, so that
// the page can say what to do about each one. Light on purpose: it is in the first screen's code.
import { useCallback, useEffect, useRef, useState } from 'react';

export type LocationFailure = 'denied' | 'unavailable' | 'timeout' | 'unsupported' | 'insecure';

export type RiderLocation =
  | { state: 'locating' }
  | { state: 'located'; lng: number; lat: number; accuracy: number; at: number }
  | { state: 'failed'; reason: LocationFailure };

// The last fix, kept for the page's next visit in this tab (back from a station's page): a rider who
// has not moved far in a minute needs no second wait for the GPS.
let lastFix: Extract<RiderLocation, { state: 'located' }> | null = null;
const FRESH_MS = 60_000;

function locateOnce(): Promise<RiderLocation> {
  if (!window.isSecureContext) return Promise.resolve({ state: 'failed', reason: 'insecure' });
  if (!('geolocation' in navigator)) return Promise.resolve({ state: 'failed', reason: 'unsupported' });
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (position) =>
        resolve({
          state: 'located',
          lng: Math.round(position.coords.longitude * 1e6) / 1e6,
          lat: Math.round(position.coords.latitude * 1e6) / 1e6,
          accuracy: Math.round(position.coords.accuracy),
          at: Date.now(),
        }),
      (error) =>
        resolve({
          state: 'failed',
          reason: error.code === error.PERMISSION_DENIED ? 'denied' : error.code === error.TIMEOUT ? 'timeout' : 'unavailable',
        }),
      // A cell-tower fix comes in a second or two on a cheap phone and is good enough for a
      // five-minute ride; GPS indoors may take far longer.
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: FRESH_MS },
    );
  });
}

/** Asks for the position on mount (or reuses a fix under a minute old) and again on `relocate`. */
export function useRiderLocation(): { location: RiderLocation; relocate: () => void } {
  const [location, setLocation] = useState<RiderLocation>(() =>
    lastFix && Date.now() - lastFix.at < FRESH_MS ? lastFix : { state: 'locating' },
  );
  const asked = useRef(0);

  const relocate = useCallback(() => {
    const ask = ++asked.current;
    setLocation({ state: 'locating' });
    void locateOnce().then((result) => {
      if (ask !== asked.current) return;
      if (result.state === 'located') lastFix = result;
      setLocation(result);
    });
  }, []);

  // On mount only (a kept fix needs no ask); later asks come from relocate.
  const startedLocating = useRef(location.state === 'locating');
  useEffect(() => {
    if (startedLocating.current) relocate();
    return () => {
      asked.current++;
    };
  }, [relocate]);

  return { location, relocate };
}
