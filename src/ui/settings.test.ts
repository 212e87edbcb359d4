import { describe, expect, it } from 'vitest';
import { EMBEDDING_NORMS, resolveDscOptions } from '../core/dsc/DscOptions';
import { defaultSettings, firstStaleStage, paramByKey, parseSettings, settingsToSearch } from './settings';

describe('settings', () => {
  it('round-trips through the URL, writing only what differs from the defaults', () => {
    const s = { ...defaultSettings(), beta: 2.5, sp: 'slic', count: 50 };
    const search = settingsToSearch(s, '108004');
    expect(search).toBe('?sample=108004&sp=slic&count=50&beta=2.5');
    expect(parseSettings(new URLSearchParams(search)).settings).toEqual(s);
  });

  it('keeps the default and reports a message naming the parameter for a bad value', () => {
    const { settings, errors } = parseSettings(new URLSearchParams('K=abc&lr=5&sp=foo&iters=2.5'));
    expect(settings.K).toBe(8);
    expect(settings.lr).toBe(0.05);
    expect(settings.sp).toBe('egb');
    expect(errors).toHaveLength(4);
    expect(errors[0]).toMatch(/Superpixels: "foo"/);
    expect(errors.join('\n')).toMatch(/Partitions K .*abc/);
  });

  it('splits DSC regions into connected parts by default; split=off keeps clusters whole', () => {
    expect(defaultSettings().split).toBe('on');
    expect(parseSettings(new URLSearchParams('split=off')).settings.split).toBe('off');
    const bad = parseSettings(new URLSearchParams('split=maybe'));
    expect(bad.settings.split).toBe('on');
    expect(bad.errors.join('\n')).toMatch(/Connected components: "maybe"/);
    expect(firstStaleStage(defaultSettings(), { ...defaultSettings(), split: 'off' })).toBe('dsc');
  });

  it('takes the smallest region as a percentage of the image that DSC accepts as a fraction', () => {
    const p = paramByKey('minRegion');
    expect(p?.kind).toBe('number');
    if (p?.kind !== 'number') return;
    for (const v of [p.min, p.default, p.max]) {
      expect(resolveDscOptions({ minRegionFraction: v / 100 }).minRegionFraction).toBeCloseTo(v / 100, 12);
    }
    expect(parseSettings(new URLSearchParams('minRegion=2.5')).settings.minRegion).toBe(2.5);
    const bad = parseSettings(new URLSearchParams('minRegion=150'));
    expect(bad.settings.minRegion).toBe(p.default);
    expect(bad.errors.join('\n')).toMatch(/Smallest region/);
    const d = defaultSettings();
    expect(firstStaleStage(d, { ...d, minRegion: 10 })).toBe('dsc');
  });

  it('names the first stage a change invalidates', () => {
    const d = defaultSettings();
    expect(firstStaleStage(d, { ...d })).toBeNull();
    expect(firstStaleStage(d, { ...d, beta: 3 })).toBe('dsc');
    expect(firstStaleStage(d, { ...d, beta: 3, count: 20 })).toBe('superpixels');
    expect(firstStaleStage(d, { ...d, opacity: 0.2 })).toBe('view');
    expect(firstStaleStage(d, { ...d, size: 200 })).toBe('image');
  });

  it('offers every embedding normalisation DSC accepts, and only those', () => {
    const norm = paramByKey('norm');
    expect(norm?.kind).toBe('choice');
    const values = norm?.kind === 'choice' ? norm.options.map((o) => o.value) : [];
    expect([...values].sort()).toEqual([...EMBEDDING_NORMS].sort());
    expect(values).toContain(defaultSettings().norm);
    for (const v of values) expect(resolveDscOptions({ embeddingNorm: v as 'batch' }).embeddingNorm).toBe(v);
    expect(() => resolveDscOptions({ embeddingNorm: 'bogus' as 'batch' })).toThrow(/embeddingNorm/);
    expect(parseSettings(new URLSearchParams('norm=scale')).settings.norm).toBe('scale');
    expect(parseSettings(new URLSearchParams('norm=bogus')).errors[0]).toMatch(/Embedding normalisation: "bogus"/);
    const d = defaultSettings();
    expect(firstStaleStage(d, { ...d, norm: 'center' })).toBe('dsc');
  });
});
