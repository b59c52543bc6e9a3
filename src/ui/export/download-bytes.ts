/** Offers `data` (text or bytes) as a download named `fileName` via a Blob and a temporary <a download>. */
export function downloadData(fileName: string, data: string | Uint8Array, type: string): void {
  const part: BlobPart = typeof data === 'string' ? data : (data.slice().buffer as ArrayBuffer);
  const url = URL.createObjectURL(new Blob([part], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke later: the browser may read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const MIME = {
  zip: 'application/zip',
  onnx: 'application/octet-stream',
  json: 'application/json',
  csv: 'text/csv;charset=utf-8',
  markdown: 'text/markdown;charset=utf-8',
  svg: 'image/svg+xml',
} as const;
