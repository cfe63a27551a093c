import { describe, expect, it } from 'vitest';
import { attachmentForContentId, mailContentSecurityPolicy, safeCss } from './mailHtml';

// The parts of the pipeline that need no DOM. The sanitizing itself runs in Chromium
// (tests/e2e/mailView.test.ts and the hostile-mail corpus): jsdom is not installed here, and
// DOMPurify's authors advise against happy-dom for sanitizer tests.

describe('safeCss', () => {
  it('keeps plain rules and turns every url() into none', () => {
    expect(safeCss('p { color: red; margin: 0 }')).toBe('p { color: red; margin: 0 }');
    expect(safeCss('a{background:url(https://x.example/a.png) no-repeat}')).toBe(
      'a{background:none no-repeat}',
    );
    expect(safeCss(`b{background:URL( "https://x.example/)b.png" )}`)).toBe('b{background:none}');
    expect(safeCss("c{background:url('data:image/png;base64,AAAA')}")).toBe('c{background:none}');
  });

  it('drops whole texts that hide a load: escapes, @import, image-set, a url( left over', () => {
    for (const css of [
      'p{background:u\\72l(https://x.example/e.png)}',
      '@import "https://x.example/a.css"; p{color:red}',
      '@IMPORT url(https://x.example/a.css);',
      'p{background-image:image-set("https://x.example/i.png" 1x)}',
      'p{background:-webkit-image-set("https://x.example/i.png" 1x)}',
      'p{background:url(https://x.example/a.png}',
      'p{width:expression(alert(1))}',
      'p{color:red}</style><img src=x>',
      '@namespace url(https://x.example/ns);',
    ])
      expect(safeCss(css)).toBe('');
  });

  it('treats src(), CSS’s other function for an address, as it treats url()', () => {
    expect(safeCss('a{background-image:src("https://x.example/a.png")}')).toBe(
      'a{background-image:none}',
    );
    expect(safeCss("@font-face{font-family:f;src:SRC ( 'https://x.example/f.woff' )}")).toBe(
      '@font-face{font-family:f;src:none}',
    );
    // One left over (unclosed) drops the whole text.
    expect(safeCss('p{background:src(https://x.example/a.png}')).toBe('');
  });

  it('removes comments first, so that what a comment splits is judged joined', () => {
    expect(safeCss('p{background:ur/**/l(https://x.example/a.png)}')).toBe('p{background:none}');
    expect(safeCss('@im/**/port "https://x.example/a.css";')).toBe('');
    expect(safeCss('p{color:/* blue */red}')).toBe('p{color:red}');
  });
});

describe('attachmentForContentId', () => {
  const attachments = [
    { id: 'doc-1', name: 'Logo.PNG' },
    { id: 'doc-2', name: 'part1.0609@example.com' },
  ];
  it('matches the Content-ID, its left part, or the document id, case-insensitively', () => {
    expect(attachmentForContentId('cid:logo.png@01DA.example', attachments)?.id).toBe('doc-1');
    expect(attachmentForContentId('cid:<part1.0609@example.com>', attachments)?.id).toBe('doc-2');
    expect(attachmentForContentId('cid:%3Cpart1.0609%40example.com%3E', attachments)?.id).toBe(
      'doc-2',
    );
    expect(attachmentForContentId('CID:DOC-1', attachments)?.id).toBe('doc-1');
    expect(attachmentForContentId('cid:other@example.com', attachments)).toBeUndefined();
    expect(attachmentForContentId('cid:', attachments)).toBeUndefined();
    expect(attachmentForContentId('cid:@example.com', attachments)).toBeUndefined();
  });

  it('tells two inline images of one name apart by the order of their Content-IDs', () => {
    const twice = [
      { id: 'doc-1', name: 'image001.png' },
      { id: 'doc-2', name: 'image001.png' },
      { id: 'doc-3', name: 'image002.png' },
    ];
    // One mail's references in document order: a forwarded mail's image001.png, the
    // signature's image002.png and image001.png, and the first one shown again.
    const matched = new Map<string, { id: string; name: string }>();
    const shown = [
      'cid:image001.png@01DA0001.AAAA',
      'cid:image002.png@01DB0002.BBBB',
      'cid:image001.png@01DB0002.BBBB',
      'cid:image001.png@01DA0001.AAAA',
    ].map((src) => attachmentForContentId(src, twice, matched)?.id);
    expect(shown).toEqual(['doc-1', 'doc-3', 'doc-2', 'doc-1']);
  });
});

describe('mailContentSecurityPolicy', () => {
  it('lets images in from data: only, and https too once the sender is allowed', () => {
    expect(mailContentSecurityPolicy('blocked')).toContain('img-src data:;');
    expect(mailContentSecurityPolicy('allowed')).toContain('img-src data: https:;');
    for (const mode of ['blocked', 'allowed'] as const) {
      expect(mailContentSecurityPolicy(mode)).toMatch(/^default-src 'none'; script-src 'none';/u);
      expect(mailContentSecurityPolicy(mode)).toContain("form-action 'none'");
    }
  });
});
