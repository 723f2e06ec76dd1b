/**
 * SVG → PNG with resvg (`@resvg/resvg-js`): a Rust SVG renderer whose npm
 * package ships a prebuilt native binary per platform, so it installs from
 * the registry alone — no browser, no system Cairo, no download at install —
 * and renders the same bytes on every machine given the same fonts. Text
 * uses the system's fonts, falling back to a common sans-serif.
 */
import { Resvg } from '@resvg/resvg-js';

export interface PngOptions {
  /** Pixels per SVG unit: 2 gives a crisp image on high-density screens and in slides. */
  scale?: number;
  background?: string;
}

/** Renders an SVG document to PNG bytes, `scale` × the SVG's own size. */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  const scale = options.scale ?? 2;
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: options.background ?? 'white',
    font: {
      loadSystemFonts: true,
      defaultFontFamily: 'Liberation Sans',
      sansSerifFamily: 'Liberation Sans',
    },
  });
  return new Uint8Array(resvg.render().asPng());
}

/** Width and height from a PNG's IHDR chunk; throws when the bytes are not a PNG. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || signature.some((b, i) => png[i] !== b)) {
    throw new Error('not a PNG: the signature is missing');
  }
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  if (String.fromCharCode(...png.subarray(12, 16)) !== 'IHDR') {
    throw new Error('not a PNG: the first chunk is not IHDR');
  }
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
