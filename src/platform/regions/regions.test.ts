import { describe, expect, it } from 'vitest';
import { findRegion, listChildRegions, regionAncestry, regionFullName, regionInAddress, regionWithin, searchRegions } from './regions.js';

describe(findRegion.name, () => {
  it('finds 330603 柯桥区 as a county of 3306 绍兴市', () => {
    expect(findRegion('330603')).toEqual({ code: '330603', name: '柯桥区', level: 'county', parentCode: '3306' });
  });

  it('finds 3306 绍兴市 as a city of 33 浙江省', () => {
    expect(findRegion('3306')).toEqual({ code: '3306', name: '绍兴市', level: 'city', parentCode: '33' });
  });

  it('finds 33 浙江省 as a province without a parent', () => {
    expect(findRegion('33')).toEqual({ code: '33', name: '浙江省', level: 'province', parentCode: null });
  });

  it('finds 330603001 柯桥街道 as a township of 柯桥区', () => {
    expect(findRegion('330603001')).toEqual({ code: '330603001', name: '柯桥街道', level: 'township', parentCode: '330603' });
  });

  it('finds nothing for an unknown code', () => {
    expect(findRegion('99')).toBeNull();
    expect(findRegion('330699')).toBeNull();
    expect(findRegion('')).toBeNull();
  });
});

describe(regionAncestry.name, () => {
  it('lists 浙江省 → 绍兴市 → 柯桥区 → 柯桥街道 for 330603001', () => {
    expect(regionAncestry('330603001').map((r) => r.code)).toEqual(['33', '3306', '330603', '330603001']);
  });

  it('is empty for an unknown code', () => {
    expect(regionAncestry('990000')).toEqual([]);
  });
});

describe(regionFullName.name, () => {
  it("names 柯桥街道 by its whole chain: '浙江省绍兴市柯桥区柯桥街道'", () => {
    expect(regionFullName('330603001')).toBe('浙江省绍兴市柯桥区柯桥街道');
  });

  it("names 柯桥区 '浙江省绍兴市柯桥区'", () => {
    expect(regionFullName('330603')).toBe('浙江省绍兴市柯桥区');
  });

  it("leaves Beijing's 市辖区 placeholder out: 110101 is '北京市东城区'", () => {
    expect(findRegion('1101')?.name).toBe('市辖区');
    expect(regionFullName('110101')).toBe('北京市东城区');
  });

  it('is empty for an unknown code', () => {
    expect(regionFullName('990000')).toBe('');
  });
});

describe(listChildRegions.name, () => {
  it('lists at least the 31 mainland provinces at the top, 浙江省 among them', () => {
    const provinces = listChildRegions(null);
    expect(provinces.length).toBeGreaterThanOrEqual(31);
    expect(provinces.every((r) => r.level === 'province' && r.parentCode === null)).toBe(true);
    expect(provinces.map((r) => r.name)).toEqual(expect.arrayContaining(['北京市', '浙江省', '广东省', '新疆维吾尔自治区']));
  });

  it('lists the streets and towns of 柯桥区, 柯桥街道 and 华舍街道 among them', () => {
    const children = listChildRegions('330603');
    expect(children.every((r) => r.level === 'township' && r.parentCode === '330603')).toBe(true);
    expect(children).toEqual(
      expect.arrayContaining([
        { code: '330603001', name: '柯桥街道', level: 'township', parentCode: '330603' },
        { code: '330603003', name: '华舍街道', level: 'township', parentCode: '330603' },
      ]),
    );
  });

  it('lists 柯桥区 among the counties of 绍兴市, and no county of another city', () => {
    const children = listChildRegions('3306');
    expect(children.map((r) => r.name)).toContain('柯桥区');
    expect(children.every((r) => r.code.startsWith('3306') && r.level === 'county')).toBe(true);
  });

  it('lists nothing under a township or an unknown code', () => {
    expect(listChildRegions('330603001')).toEqual([]);
    expect(listChildRegions('99')).toEqual([]);
  });
});

describe(regionWithin.name, () => {
  it('puts 柯桥街道 within 柯桥区, 绍兴市 and 浙江省', () => {
    expect(regionWithin('330603001', '330603')).toBe(true);
    expect(regionWithin('330603001', '3306')).toBe(true);
    expect(regionWithin('330603001', '33')).toBe(true);
  });

  it('puts a region within itself', () => {
    expect(regionWithin('330603', '330603')).toBe(true);
  });

  it('does not put a street of 越城区 (330602) within 柯桥区', () => {
    expect(regionWithin('330602001', '330603')).toBe(false);
  });

  it('does not put a city within one of its counties', () => {
    expect(regionWithin('3306', '330603')).toBe(false);
  });
});

describe(searchRegions.name, () => {
  it('finds 柯桥区 by name', () => {
    expect(searchRegions('柯桥区').map((r) => r.code)).toContain('330603');
  });

  it('returns no more than the limit', () => {
    expect(searchRegions('3306', 5)).toHaveLength(5);
  });
});

describe(regionInAddress.name, () => {
  it('finds the street an address names within a district', () => {
    expect(regionInAddress('浙江省绍兴市柯桥区柯岩街道鉴湖路 8 号', '330603')?.code).toBe('330603002');
    expect(regionInAddress('华舍街道蜀阜村', '330603')?.code).toBe('330603003');
    expect(regionInAddress('平水镇平水大街 21 号', '3306')?.code).toBe('330603105');
  });

  it('falls back to the district when the address names no street of it', () => {
    expect(regionInAddress('绍兴市柯桥区金柯桥大道', '3306')?.code).toBe('330603');
  });

  it('answers nothing for an address outside the area, or naming no place', () => {
    expect(regionInAddress('越城区府山街道', '330603')).toBeNull();
    expect(regionInAddress('金柯桥大道 1 号', '330603')).toBeNull();
    expect(regionInAddress('', '330603')).toBeNull();
  });

  it('lets a named district settle which of two same-named streets is meant, and answers nothing when none does', () => {
    // 东湖街道 is a street of both 临平区 (Hangzhou) and 越城区 (Shaoxing).
    expect(regionInAddress('东湖街道 12 号', '33')).toBeNull();
    const inYuecheng = regionInAddress('越城区东湖街道 12 号', '33');
    expect(inYuecheng).toMatchObject({ level: 'township', parentCode: '330602' });
  });
});
