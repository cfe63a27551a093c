/**
 * Decides whether an IPC call comes from Switchboard's own renderer. Only the top-level page we
 * loaded may call: the dev server's origin during development, otherwise the exact `file:` URL
 * of the packaged index.html. Anything else (a navigated-away frame, an iframe with e-mail
 * content, a `data:` or remote URL) is refused.
 */
export function isTrustedRendererUrl(senderUrl: string | undefined, rendererUrl: string): boolean {
  if (senderUrl === undefined || senderUrl === '') return false;
  let sender: URL;
  let expected: URL;
  try {
    sender = new URL(senderUrl);
    expected = new URL(rendererUrl);
  } catch {
    return false;
  }
  if (expected.protocol === 'file:') {
    // The same file: host (a UNC share on Windows) and path; query and fragment may differ.
    return (
      sender.protocol === 'file:' &&
      sender.host === expected.host &&
      sender.pathname === expected.pathname
    );
  }
  return sender.origin === expected.origin;
}
