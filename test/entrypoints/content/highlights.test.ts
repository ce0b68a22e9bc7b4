// @vitest-environment happy-dom
// The highlight colours: readable on the page they are drawn on, light or dark.
import { afterEach, describe, expect, it } from 'vitest';
import { highlightCss, pageIsDark } from '@/entrypoints/content/highlights';

afterEach(() => {
  document.body.removeAttribute('style');
  document.documentElement.removeAttribute('style');
});

/** WCAG contrast of two sRGB colours. */
function contrast(a: number[], b: number[]): number {
  const lum = (c: number[]) => {
    const [r, g, bl] = c.map((v) => {
      const x = v / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
/** The underline colours of a style sheet, one per state. */
const lines = (css: string) =>
  [...css.matchAll(/::highlight\(quotetrail-(\w+)\).*?underline \w+ rgb\((\d+) (\d+) (\d+)\)/g)].map((m) => [m[1], [m[2], m[3], m[4]].map(Number)] as const);

describe('highlight colours', () => {
  it('every state’s line stands out at least 3:1 on a white page and on a #222 page', () => {
    for (const [state, colour] of lines(highlightCss('underline', false))) expect(contrast(colour, [255, 255, 255]), state).toBeGreaterThanOrEqual(3);
    for (const [state, colour] of lines(highlightCss('underline', true))) expect(contrast(colour, [34, 34, 34]), state).toBeGreaterThanOrEqual(3);
    expect(lines(highlightCss('underline', true))).toHaveLength(5);
  });

  it('tells a dark page from a light one by its body, else its root, background', () => {
    expect(pageIsDark(document)).toBe(false);
    document.body.style.backgroundColor = 'rgb(20, 20, 24)';
    expect(pageIsDark(document)).toBe(true);
    document.body.style.backgroundColor = 'rgb(250, 248, 240)';
    expect(pageIsDark(document)).toBe(false);
    document.body.style.backgroundColor = 'transparent';
    document.documentElement.style.backgroundColor = '#111';
    expect(pageIsDark(document)).toBe(true);
  });
});
