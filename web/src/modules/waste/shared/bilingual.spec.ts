import { describe, expect, it } from 'vitest';
import { bilingualText } from './bilingual';

describe('bilingual alert texts', () => {
  const fill = '暂存柜填充率 82% 达到阈值 80% / fill ratio reached the pickup threshold；无在约收运单位，未生成收运请求 / no serving collector: no pickup request raised';

  it('shows the half in the user language, part by part', () => {
    expect(bilingualText(fill, 'zh-CN')).toBe('暂存柜填充率 82% 达到阈值 80%；无在约收运单位，未生成收运请求');
    expect(bilingualText(fill, 'en')).toBe('fill ratio reached the pickup threshold; no serving collector: no pickup request raised');
    expect(bilingualText('暂存柜离线（最后上报 2026-11-21 08:00 UTC）/ cabinet offline', 'en')).toBe('cabinet offline');
    expect(bilingualText('柜内温度 41 °C 超出范围 [2, 35] °C / temperature out of range', 'zh-CN')).toBe('柜内温度 41 °C 超出范围 [2, 35] °C');
  });

  it('keeps a text whole when it is not of the zh / en shape', () => {
    expect(bilingualText('拒绝存入不相容废物 / incompatible deposit refused: 废酸 (Acids) is incompatible with 废碱', 'en')).toBe(
      '拒绝存入不相容废物 / incompatible deposit refused: 废酸 (Acids) is incompatible with 废碱',
    );
    expect(bilingualText('set by hand / manual', 'zh-CN')).toBe('set by hand / manual');
    expect(bilingualText(null, 'zh-CN')).toBe('');
  });
});
