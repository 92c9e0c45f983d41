import { describe, expect, it } from 'vitest';
import { fitWithin, jpegName, MAX_SIDE } from './shrink.ts';

describe(fitWithin.name, () => {
  it('brings a camera’s 4000×3000 down to 1600 on its longer side, keeping the shape', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: MAX_SIDE, height: 1200 });
    expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: MAX_SIDE });
  });

  it('never enlarges a small photo', () => {
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
    expect(fitWithin(1600, 20)).toEqual({ width: 1600, height: 20 });
  });

  it('keeps a thin panorama at least one pixel high', () => {
    expect(fitWithin(100_000, 10)).toEqual({ width: MAX_SIDE, height: 1 });
  });
});

describe(jpegName.name, () => {
  it('names the shrunk photo a JPEG, keeping its stem', () => {
    expect(jpegName('IMG_2041.HEIC')).toBe('IMG_2041.jpg');
    expect(jpegName('门头.png')).toBe('门头.jpg');
    expect(jpegName('.png')).toBe('photo.jpg');
  });
});
