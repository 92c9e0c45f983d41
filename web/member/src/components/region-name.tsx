import { useEffect, useState } from 'react';
import { resolveRegionPath } from '../../../shared/regions.ts';

/** The full name of a region code ('330603001' → 浙江省绍兴市柯桥区柯桥街道), or the code while it loads. */
export function useRegionName(code: string | null | undefined): string {
  const [name, setName] = useState(code ?? '');
  useEffect(() => {
    if (!code) {
      setName('');
      return undefined;
    }
    let cancelled = false;
    setName(code);
    resolveRegionPath(code)
      .then((path) => {
        if (!cancelled && path.length > 0) setName(path.map((r) => r.name).join(''));
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [code]);
  return name;
}

export function RegionName({ code }: { code: string | null | undefined }) {
  return <>{useRegionName(code)}</>;
}
