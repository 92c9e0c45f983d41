// Reading the card's QR code: with the browser's BarcodeDetector where there is one (Chromium on
// Android, ChromeOS and macOS), else — for an uploaded picture only — with jsQR, a small pure-JS
// decoder that is loaded on first use so it does not weigh on the page.

interface DetectedBarcode {
  rawValue: string;
  format: string;
}

interface BarcodeDetectorInstance {
  detect(source: ImageBitmapSource): Promise<DetectedBarcode[]>;
}

interface BarcodeDetectorClass {
  new (options?: { formats: string[] }): BarcodeDetectorInstance;
  getSupportedFormats?: () => Promise<string[]>;
}

function detectorClass(): BarcodeDetectorClass | null {
  const candidate = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  return typeof candidate === 'function' ? candidate : null;
}

let detectorPromise: Promise<BarcodeDetectorInstance | null> | null = null;

/** A QR-code BarcodeDetector, or null when the browser has none (or none that reads QR codes). */
export function qrDetector(): Promise<BarcodeDetectorInstance | null> {
  detectorPromise ??= (async () => {
    const Detector = detectorClass();
    if (!Detector) return null;
    try {
      const formats = Detector.getSupportedFormats ? await Detector.getSupportedFormats() : ['qr_code'];
      return formats.includes('qr_code') ? new Detector({ formats: ['qr_code'] }) : null;
    } catch {
      return null;
    }
  })();
  return detectorPromise;
}

/** Whether the camera button makes sense: a QR detector and a camera API (secure contexts only). */
export async function cameraScanAvailable(): Promise<boolean> {
  if (typeof navigator === 'undefined' || typeof navigator.mediaDevices?.getUserMedia !== 'function') return false;
  return (await qrDetector()) !== null;
}

/** The first QR code's text in a video frame or picture, or null. */
export async function detectQr(source: ImageBitmapSource): Promise<string | null> {
  const detector = await qrDetector();
  if (!detector) return null;
  try {
    const codes = await detector.detect(source);
    return codes.find((c) => c.rawValue)?.rawValue ?? null;
  } catch {
    return null;
  }
}

// Phone photos are large; jsQR's work grows with the pixel count, and a QR code stays readable well below this.
const MAX_DECODE_SIDE = 1600;

async function decodeWithJsQr(bitmap: ImageBitmap): Promise<string | null> {
  const scale = Math.min(1, MAX_DECODE_SIDE / Math.max(bitmap.width, bitmap.height));
  const width = Math.max(1, Math.round(bitmap.width * scale));
  const height = Math.max(1, Math.round(bitmap.height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) return null;
  // A transparent PNG would otherwise read as black on black.
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  context.drawImage(bitmap, 0, 0, width, height);
  const { data } = context.getImageData(0, 0, width, height);
  const { default: jsQR } = await import('jsqr');
  return jsQR(data, width, height, { inversionAttempts: 'attemptBoth' })?.data ?? null;
}

export class UnreadableImageError extends Error {
  constructor() {
    super('unreadable image');
    this.name = 'UnreadableImageError';
  }
}

/** The QR code's text in an image file, or null when there is none; UnreadableImageError when the file is no picture. */
export async function decodeQrImage(file: Blob): Promise<string | null> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new UnreadableImageError();
  }
  try {
    return (await detectQr(bitmap)) ?? (await decodeWithJsQr(bitmap));
  } finally {
    bitmap.close();
  }
}
