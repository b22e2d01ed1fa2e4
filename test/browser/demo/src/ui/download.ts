/** Offers bytes as a file download (an object URL on a temporary link). */
export function downloadBytes(bytes: Uint8Array, name: string, type = 'application/octet-stream'): void {
  // slice() copies into a plain ArrayBuffer, which Blob requires (not a shared one).
  const url = URL.createObjectURL(new Blob([bytes.slice()], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke after the browser has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
