// Photos are shrunk in the browser before they are sent: a phone's camera gives 4,000 px and 3–8 MB,
// a rider on 4G needs 1,600 px and a few hundred KB, and the server keeps no native image library to
// do it (OPERATIONS.md, "File store"). Whatever cannot be decoded here is sent as it is, for the server
// to accept or refuse by its bytes.

/** The longest side a photo is kept at: sharp on a desktop screen, light on a phone. */
export const MAX_SIDE = 1600;
export const JPEG_QUALITY = 0.82;
/** Below this, a photo that also fits MAX_SIDE is sent untouched (re-encoding would only lose detail). */
export const SMALL_ENOUGH_BYTES = 600 * 1024;

/** The size to draw an image at so that its longer side is at most `maxSide`; never enlarged. */
export function fitWithin(width: number, height: number, maxSide = MAX_SIDE): { width: number; height: number } {
  const longest = Math.max(width, height);
  if (longest <= maxSide) return { width, height };
  const scale = maxSide / longest;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** The name a shrunk photo is sent under: its stem, as a JPEG. */
export function jpegName(name: string): string {
  const stem = name.replace(/\.[A-Za-z0-9]{1,5}$/, '') || 'photo';
  return `${stem}.jpg`;
}

export interface ShrunkPhoto {
  blob: Blob;
  name: string;
  /** false: sent as it was (small already, or not decodable here). */
  shrunk: boolean;
}

/** The photo to send: `file` re-encoded as a JPEG within MAX_SIDE, or `file` itself when that gains nothing. */
export async function shrinkPhoto(file: File): Promise<ShrunkPhoto> {
  const asIs: ShrunkPhoto = { blob: file, name: file.name, shrunk: false };
  let bitmap: ImageBitmap;
  try {
    // The camera's EXIF orientation is applied, so a portrait photo stays upright.
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return asIs;
  }
  try {
    const size = fitWithin(bitmap.width, bitmap.height);
    if (size.width === bitmap.width && size.height === bitmap.height && file.size <= SMALL_ENOUGH_BYTES) return asIs;
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const context = canvas.getContext('2d');
    if (!context) return asIs;
    // A transparent PNG would turn black as a JPEG: white beneath it, like paper.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size.width, size.height);
    context.drawImage(bitmap, 0, 0, size.width, size.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY));
    if (!blob || blob.size >= file.size) return asIs;
    return { blob, name: jpegName(file.name), shrunk: true };
  } finally {
    bitmap.close();
  }
}
