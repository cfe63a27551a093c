/**
 * The kinds of file the desk hands to the OS to open: documents, images, audio and video whose
 * usual applications do not run code from them. Anything else an e-mail carries (programs,
 * scripts, installers, shortcuts, web pages, archives, …) can only be saved, so that the agent
 * decides. An allowlist, because the list of dangerous types is long and keeps growing.
 *
 * Left out on purpose, although they are everyday documents:
 * - the legacy Office formats `.doc`, `.xls`, `.ppt` and `.rtf` (RTF embeds OLE objects and
 *   Word opens a renamed `.doc` from it), which carry VBA macros under the plain name;
 * - OpenDocument `.odt`, `.ods`, `.odp`, which carry LibreOffice Basic macros under the plain
 *   name (ODF has no separate macro-enabled extension);
 * - saved mails `.eml`, `.msg`, which carry attachments of their own that the mail program
 *   would then open outside this policy.
 * The Office Open XML formats (`.docx`, `.xlsx`, `.pptx`) stay: Office refuses to run macros
 * from them (macros need `.docm`, `.xlsm`, `.pptm`, which are not listed).
 */
const OPENABLE_EXTENSIONS: ReadonlySet<string> = new Set(
  (
    'pdf txt text csv tsv log md docx xlsx pptx ' +
    'png jpg jpeg gif bmp webp tif tiff heic ' +
    'mp3 wav m4a ogg mp4 mov webm ics vcf'
  ).split(' '),
);

/**
 * Whether a downloaded file may be opened directly with the OS's default application: main
 * opens nothing else (main/workstation/files.ts), and the desk offers Open for nothing else.
 */
export function mayOpenDirectly(fileName: string): boolean {
  // Windows ignores trailing dots and spaces (`report.exe. ` runs as `report.exe`).
  const name = fileName.trim().replace(/[.\s]+$/u, '');
  // The last segment's extension, a leading dot being none, as Node's `extname` reads it on
  // Windows or stricter: `\` and `:` end a segment on any OS (`C:.pdf` is drive-relative there),
  // and a name ending in a separator has no extension.
  const last = name.split(/[/\\:]/u).at(-1) ?? '';
  const dot = last.lastIndexOf('.');
  const extension = dot <= 0 ? '' : last.slice(dot + 1).toLowerCase();
  return OPENABLE_EXTENSIONS.has(extension);
}
