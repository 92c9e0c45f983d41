// A download the page must see fail: the file is fetched before it is saved, so that a refusal (a
// reason too short, a batch out of reach) is shown in the server's words where it was asked for,
// instead of a broken file in the browser's downloads. Meant for files of a few megabytes at most —
// large exports stream to disk through a plain link.
import { ApiError, problemFromResponse, withQuery, type Query } from '../../../shared/api.ts';
import { i18n } from '../../../shared/i18n/index.ts';

/** The file name a Content-Disposition header gives: the UTF-8 one (RFC 5987) when there is one, else the plain one. */
export function fileNameOf(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      // A malformed escape: fall back to the plain name.
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(header);
  const name = (plain?.[1] ?? plain?.[2] ?? '').trim();
  return name || null;
}

/** Fetches the file and hands it to the browser to save; returns the name it was saved under. Throws ApiError on a refusal. */
export async function saveDownload(path: string, query: Query | undefined, fallbackName: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(withQuery(path, query), { credentials: 'same-origin', headers: { accept: '*/*' } });
  } catch {
    throw new ApiError({ title: i18n.t('common.errors.network'), status: 0, code: 'common.network' });
  }
  if (!response.ok) throw await problemFromResponse(response);
  const blob = await response.blob();
  const name = fileNameOf(response.headers.get('content-disposition')) ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click has run; the URL is let go a little later for slow disks.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
