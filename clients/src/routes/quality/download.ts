import { session } from '../../lib/session.svelte';

/**
 * Downloads one of the hub's CSV exports. A plain link cannot carry the bearer token, so the file is
 * fetched with it and handed to the browser as a blob.
 */
export async function downloadExport(
  file: 'cases.csv' | 'metrics.csv',
  params: { organizationId: string | null; from: string; to: string },
): Promise<void> {
  const query = new URLSearchParams({ from: params.from, to: params.to });
  if (params.organizationId) query.set('organizationId', params.organizationId);
  const response = await fetch(`/export/${file}?${query}`, {
    headers: session.token ? { authorization: `Bearer ${session.token}` } : {},
  });
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  // Anything else (e.g. the app's own page, when no hub answers on this path) must not be saved as a CSV.
  if (!response.headers.get('content-type')?.startsWith('text/csv')) throw new Error('not a CSV file');
  const url = URL.createObjectURL(await response.blob());
  const anchor = Object.assign(document.createElement('a'), { href: url, download: file });
  anchor.click();
  // The click has started the download; the object URL can go once the event loop has moved on.
  setTimeout(() => URL.revokeObjectURL(url));
}
