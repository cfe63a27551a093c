import { describe, expect, it } from 'vitest';
import { isTrustedRendererUrl } from './senderPolicy';

const packaged = 'file:///opt/Switchboard/resources/app.asar/out/renderer/index.html';
const devServer = 'http://localhost:5173/';

describe('isTrustedRendererUrl', () => {
  it.each([
    [packaged, packaged],
    [`${packaged}#/inbox`, packaged],
    ['http://localhost:5173/index.html', devServer],
  ])('trusts %s when the renderer is %s', (sender, renderer) => {
    expect(isTrustedRendererUrl(sender, renderer)).toBe(true);
  });

  it.each([
    [undefined, packaged],
    ['', packaged],
    ['file:///tmp/evil/index.html', packaged],
    ['https://example.com/', packaged],
    ['data:text/html,<script>1</script>', packaged],
    ['about:blank', packaged],
    ['not a url', packaged],
    ['http://localhost:5174/', devServer],
    ['http://127.0.0.1:5173/', devServer],
    ['file:///opt/Switchboard/resources/app.asar/out/renderer/index.html', devServer],
    ['file://evil-share/opt/Switchboard/resources/app.asar/out/renderer/index.html', packaged],
  ])('refuses %s when the renderer is %s', (sender, renderer) => {
    expect(isTrustedRendererUrl(sender, renderer)).toBe(false);
  });
});
