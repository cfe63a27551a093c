/**
 * A file's size in words, the way agents read it: `25 MB`, `340 KB` (never `0 KB`). One rule for
 * main's sentences (a file too large to send) and the renderer's lists of files, so that the
 * limit an error names and the size the composer shows agree.
 */
export function sizeInWords(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
