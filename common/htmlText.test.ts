import { describe, expect, it } from 'vitest';
import { emailWords, htmlToText } from './htmlText';

describe('htmlToText', () => {
  it('decodes invalid numeric references to U+FFFD, as HTML5 does, instead of throwing', () => {
    const invalid = [
      '&#x110000;', // one past the last code point: "Invalid code point 1114112" before
      '&#1114112;',
      '&#xD800;', // surrogates
      '&#57343;',
      '&#0;',
      '&#x0;',
      '&#99999999999999999999999;', // beyond any integer
      `&#x${'F'.repeat(400)};`, // parseInt gives Infinity
    ];
    for (const reference of invalid) expect(htmlToText(`a${reference}b`)).toBe('a\ufffdb');
  });

  it('decodes valid references, and the C1 range as Windows-1252 like a browser', () => {
    expect(htmlToText('&#x1F600; &#233; &#X10FFFF; &#65;&#x42;')).toBe('😀 é \u{10ffff} AB');
    expect(htmlToText('&#150; &#x80; &#153; &#x9F; &#x81;')).toBe('– € ™ Ÿ \u0081');
  });

  it('leaves unknown named references as they are (names are case-sensitive, as in HTML5)', () => {
    expect(htmlToText('&bogus; &amp; &NBSP;x &AMP;')).toBe('&bogus; & &NBSP;x &');
  });

  it('decodes every named reference HTML5 knows, not only the six of XML', () => {
    expect(
      htmlToText(
        '<p>It&rsquo;s &ldquo;d&eacute;j&agrave; vu&rdquo; &mdash; 2&nbsp;&times;&nbsp;&euro;5 &hellip;</p>' +
          '<p>&copy 2026 &Uuml;ber&shy;weisung &frac12; &#x2014;</p>',
      ),
    ).toBe('It’s “déjà vu” — 2 × €5 …\n\n© 2026 Über\u00adweisung ½ —');
  });

  it('keeps a legacy name without its semicolon in a link target, where browsers do too', () => {
    expect(htmlToText('<a href="https://shop.example/?a=1&copy=2&amp;b=3">order</a>')).toBe(
      'order <https://shop.example/?a=1&copy=2&b=3>',
    );
  });
});

/** The reply a customer writes in Gmail: two answers deep, each quoted level in a gmail_quote. */
const GMAIL_THREAD =
  '<div dir="ltr">Hi Support,<div><br></div><div>Still nothing. The tracking page says ' +
  '&quot;label created&quot; since 3 November.</div><div><br></div><div>Kim</div></div><br>' +
  '<div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">On Tue, ' +
  '4 Nov 2026 at 09:12, Switchboard Support &lt;<a href="mailto:support@switchboard.example">' +
  'support@switchboard.example</a>&gt; wrote:<br></div><blockquote class="gmail_quote" ' +
  'style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">' +
  '<div dir="ltr">Dear Kim,<div><br></div><div>Your parcel left our warehouse today.</div>' +
  '</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Mon, 3 Nov 2026 ' +
  'at 18:40, Kim Lee &lt;<a href="mailto:kim@example.com">kim@example.com</a>&gt; wrote:<br>' +
  '</div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px ' +
  'solid rgb(204,204,204);padding-left:1ex"><div dir="ltr">My order 4471 never arrived.' +
  '</div></blockquote></div></blockquote></div>\r\n';

/** Apple Mail: `<blockquote type="cite">`, the attribution inside it, an nbsp-mode body. */
const APPLE_MAIL_THREAD =
  '<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>' +
  '<body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: ' +
  'after-white-space;">Still waiting, I’m afraid.<div><br></div><div>Kim</div><div><br ' +
  'id="lineBreakAtBeginningOfMessage"><div><br><blockquote type="cite"><div>On 4 Nov 2026, ' +
  'at 09:12, Switchboard Support &lt;support@switchboard.example&gt; wrote:</div><br ' +
  'class="Apple-interchange-newline"><div><div>Dear Kim,</div><div>your parcel left our ' +
  'warehouse today.</div><br><blockquote type="cite"><div>On 3 Nov 2026, at 18:40, Kim Lee ' +
  '&lt;kim@example.com&gt; wrote:</div><br class="Apple-interchange-newline"><div><div>My ' +
  'order 4471 never arrived.</div></div></blockquote></div></div></blockquote></div><br>' +
  '</div></body></html>';

/** Thunderbird: its source indented and wrapped, `moz-cite-prefix`, a `<pre>` signature. */
const THUNDERBIRD_THREAD = `<!DOCTYPE html>
<html>
  <head>
    <meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
  </head>
  <body>
    <p>Hello again,</p>
    <p>the replacement kettle leaks too. Photos:
      <a class="moz-txt-link-freetext" href="https://photos.example/kim/kettle">https://photos.example/kim/kettle</a></p>
    <div class="moz-cite-prefix">On 04/11/2026 09:12, Switchboard Support wrote:<br>
    </div>
    <blockquote type="cite" cite="mid:abc@switchboard.example">
      <p>Dear Kim,</p>
      <p>we have sent a replacement.</p>
      <div class="moz-cite-prefix">On 03/11/2026 18:40, Kim Lee wrote:<br>
      </div>
      <blockquote type="cite" cite="mid:def@example.com">
        <p>My kettle leaks.<br>
          Order 4471.</p>
      </blockquote>
    </blockquote>
    <br>
    <pre class="moz-signature" cols="72">-- 
Kim Lee
+44 20 7946 0000</pre>
  </body>
</html>
`;

/**
 * Outlook: no blockquote, the earlier mail under a From/Sent block in a border-top div; its
 * source wrapped mid-sentence, empty paragraphs as `<o:p>&nbsp;</o:p>`, Office CSS in a comment.
 */
const OUTLOOK_THREAD = `<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><meta name="Generator" content="Microsoft Word 15 (filtered medium)"><style><!--
p.MsoNormal, li.MsoNormal, div.MsoNormal
\t{margin:0cm;
\tfont-size:11.0pt;
\tfont-family:"Calibri",sans-serif;}
--></style><!--[if gte mso 9]><xml>
<o:shapedefaults v:ext="edit" spidmax="1026" />
</xml><![endif]--></head><body lang="EN-GB" link="#0563C1" vlink="#954F72" style="word-wrap:break-word"><div class="WordSection1"><p class="MsoNormal">Hello,<o:p></o:p></p>
<p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<p class="MsoNormal">The invoice for order 4471 charges the delivery twice; please refund the
 second charge to the card it was paid with. Attached:<o:p></o:p></p>
<ul style="margin-top:0cm" type="disc">
<li class="MsoListParagraph" style="margin-left:0cm;mso-list:l0 level1 lfo1">the invoice<o:p></o:p></li>
<li class="MsoListParagraph" style="margin-left:0cm;mso-list:l0 level1 lfo1">my bank statement<o:p></o:p></li>
</ul>
<p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<p class="MsoNormal">Kim Lee<o:p></o:p></p>
<p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">
<p class="MsoNormal"><b><span lang="EN-US">From:</span></b><span lang="EN-US"> Switchboard Support &lt;support@switchboard.example&gt;
<br>
<b>Sent:</b> 04 November 2026 09:12<br>
<b>To:</b> Kim Lee &lt;kim@example.com&gt;<br>
<b>Subject:</b> RE: Invoice 4471<o:p></o:p></span></p>
</div>
<p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<p class="MsoNormal">Dear Kim,<o:p></o:p></p>
<p class="MsoNormal">we will look into it.<o:p></o:p></p>
</div>
</body>
</html>
`;

describe('htmlToText keeps what a plain-text reader needs of a thread', () => {
  it("quotes Gmail's nested gmail_quote blockquotes one `>` per level", () => {
    expect(htmlToText(GMAIL_THREAD)).toBe(
      [
        'Hi Support,',
        '',
        'Still nothing. The tracking page says "label created" since 3 November.',
        '',
        'Kim',
        '',
        'On Tue, 4 Nov 2026 at 09:12, Switchboard Support <support@switchboard.example> wrote:',
        '> Dear Kim,',
        '>',
        '> Your parcel left our warehouse today.',
        '>',
        '> On Mon, 3 Nov 2026 at 18:40, Kim Lee <kim@example.com> wrote:',
        '>> My order 4471 never arrived.',
      ].join('\n'),
    );
  });

  it("quotes Apple Mail's blockquote type=cite one `>` per level", () => {
    expect(htmlToText(APPLE_MAIL_THREAD)).toBe(
      [
        'Still waiting, I’m afraid.',
        '',
        'Kim',
        '',
        '> On 4 Nov 2026, at 09:12, Switchboard Support <support@switchboard.example> wrote:',
        '>',
        '> Dear Kim,',
        '> your parcel left our warehouse today.',
        '>',
        '>> On 3 Nov 2026, at 18:40, Kim Lee <kim@example.com> wrote:',
        '>>',
        '>> My order 4471 never arrived.',
      ].join('\n'),
    );
  });

  it("quotes Thunderbird's cite blockquotes, its indented source collapsed, the signature kept", () => {
    expect(htmlToText(THUNDERBIRD_THREAD)).toBe(
      [
        // Thunderbird writes paragraphs, with a margin: a blank line between them, quoted too.
        'Hello again,',
        '',
        // The link's words are its address: no second copy.
        'the replacement kettle leaks too. Photos: https://photos.example/kim/kettle',
        '',
        // No blank line where the quote starts or deepens: the `>` marks the edge.
        'On 04/11/2026 09:12, Switchboard Support wrote:',
        '> Dear Kim,',
        '>',
        '> we have sent a replacement.',
        '>',
        '> On 03/11/2026 18:40, Kim Lee wrote:',
        '>> My kettle leaks.',
        '>> Order 4471.',
        '',
        // The signature separator keeps its space, as mail programs look for `-- `.
        '-- ',
        'Kim Lee',
        '+44 20 7946 0000',
      ].join('\n'),
    );
  });

  it("leaves Outlook's From/Sent thread as text, its source's line ends made spaces", () => {
    expect(htmlToText(OUTLOOK_THREAD)).toBe(
      [
        'Hello,',
        '',
        // One line, as Outlook shows it: the source wraps it after "refund the".
        'The invoice for order 4471 charges the delivery twice; please refund the second charge ' +
          'to the card it was paid with. Attached:',
        '- the invoice',
        '- my bank statement',
        '',
        'Kim Lee',
        '',
        'From: Switchboard Support <support@switchboard.example>',
        'Sent: 04 November 2026 09:12',
        'To: Kim Lee <kim@example.com>',
        'Subject: RE: Invoice 4471',
        '',
        // Outlook's paragraphs (MsoNormal, no margin) are lines: no blank line between them.
        'Dear Kim,',
        'we will look into it.',
      ].join('\n'),
    );
  });

  it('numbers ordered lists, bullets the others, indents nested ones', () => {
    expect(
      htmlToText(
        '<p>To reset the kettle:</p><ol><li>Unplug it.</li><li>Hold <b>Start</b> for 5 s.' +
          '<ul><li>The light blinks.</li></ul></li><li>Plug it in.</li></ol>' +
          '<ol start="7"><li>Seventh</li><li>Eighth</li></ol>',
      ),
    ).toBe(
      [
        'To reset the kettle:',
        '',
        '1. Unplug it.',
        '2. Hold Start for 5 s.',
        '  - The light blinks.',
        '3. Plug it in.',
        '7. Seventh',
        '8. Eighth',
      ].join('\n'),
    );
  });

  it('puts an item’s paragraph on its marker’s line, as a browser shows it', () => {
    // Markdown writes <li><p> (a loose list: paragraphs with margins), Google Docs <li><p> with
    // no margin, Outlook on the web <li><div>.
    const tight = 'style="margin-top:0pt;margin-bottom:0pt"';
    expect(
      htmlToText(
        '<ul><li><p>Unplug it.</p><p>Wait a minute.</p></li><li><p>Plug it in.</p></li></ul>' +
          `<ul><li><p ${tight}>Unplug it.</p><p ${tight}>Wait.</p></li><li><p ${tight}>Plug` +
          ' it in.</p></li></ul>' +
          '<ol><li><div role="presentation">First</div></li><li><div>Second</div></li></ol>',
      ),
    ).toBe(
      [
        '- Unplug it.',
        '',
        '  Wait a minute.',
        '',
        '- Plug it in.',
        '',
        '- Unplug it.',
        '  Wait.',
        '- Plug it in.',
        '1. First',
        '2. Second',
      ].join('\n'),
    );
  });

  it('indents an item’s later lines under its marker’s words', () => {
    expect(
      htmlToText(
        '<ol start="9"><li>Unplug it.<br>Wait a minute.</li><li>Hold Start:<ul><li>the light' +
          '<br>blinks</li></ul>then let go.</li></ol><p>Thanks</p><li>a<br>b' +
          // An item left open ends at the next; words after an item's end are under no marker.
          '<ul><li>first<li>second</li><p>between</p></ul>',
      ),
    ).toBe(
      [
        '9. Unplug it.',
        '   Wait a minute.',
        '10. Hold Start:',
        '  - the light',
        '    blinks',
        '    then let go.',
        '',
        'Thanks',
        '',
        '- a',
        'b',
        '- first',
        '- second',
        '',
        'between',
      ].join('\n'),
    );
  });

  it('shows a link’s target beside words that are not it: http, https and mailto only', () => {
    expect(
      htmlToText(
        '<p>Full steps: <a href="https://help.example/kettle?step=1&amp;model=K2">click here' +
          '</a>. Not these: <a href="javascript:alert(1)">run</a>, <a href=" JavaScript:x">' +
          'run too</a>, <a href="data:text/html,x">data</a>, <a href="#top">top</a>.</p>' +
          '<p>Mail <a href="mailto:help@example.com">our help desk</a> or <a href="MAILTO:' +
          'help@example.com">help@example.com</a>; see <a href="https://help.example/">' +
          'https://help.example</a> or <a href=https://help.example/x>the <i>manual</i></a>' +
          '<a href="https://help.example/"><img src="logo.png" alt="Logo"></a>.</p>',
      ),
    ).toBe(
      [
        'Full steps: click here <https://help.example/kettle?step=1&model=K2>. Not these: run, ' +
          'run too, data, top.',
        '',
        // A linked image is its alt text, and its link's target beside it.
        'Mail our help desk <mailto:help@example.com> or help@example.com; see ' +
          'https://help.example or the manual <https://help.example/x> [Logo] <https://help.example/>.',
      ].join('\n'),
    );
  });

  it('separates table cells, draws <hr> as a line and keeps <pre> as it is', () => {
    expect(
      htmlToText(
        '<table><tr><th>Item</th><th>Qty</th><th>Price</th></tr><tr><td>Kettle K2</td>' +
          '<td>1</td><td>€49.00</td></tr><tr><td>Delivery</td><td>&nbsp;</td><td>€4.90</td>' +
          '</tr></table><hr><pre>\n  step 1:  unplug\n\n\n  step 2:  &lt;wait&gt;</pre>' +
          '<td>a</td><td>b</td>' +
          '<table><tr><td>&nbsp;</td><td>Name</td><td>&nbsp;</td><td>Value</td></tr>' +
          '<tr><td width="20">&nbsp;</td><td>&nbsp;</td></tr><tr><td>Total</td></tr></table>' +
          '<ul><li><table><tr><td>&nbsp;</td><td>In a list</td><td>x</td></tr></table></li></ul>',
      ),
    ).toBe(
      [
        'Item | Qty | Price',
        'Kettle K2 | 1 | €49.00',
        // A spacer cell puts no separator of its own.
        'Delivery | €4.90',
        '------------------------',
        '  step 1:  unplug',
        '',
        '',
        '  step 2:  <wait>',
        'a | b',
        // Leading or not; a row of spacers alone is an empty line, as the space it leaves.
        'Name | Value',
        '',
        'Total',
        '- In a list | x',
      ].join('\n'),
    );
  });

  it('collapses white space within a paragraph as a browser does, nbsp and <br> kept', () => {
    expect(
      htmlToText(
        '  <p>Dear   support,\n   my order\n\thas <b>not</b>\r\narrived.</p><p>a&nbsp;&nbsp;' +
          '&nbsp;b<br><br><br><br>c</p>',
      ),
    ).toBe('Dear support, my order has not arrived.\n\na   b\n\nc');
  });

  it("does not quote Gmail's indent (a blockquote with no border)", () => {
    expect(
      htmlToText(
        '<div>Steps:</div><blockquote style="margin:0px 0px 0px 40px;border:none;' +
          'padding:0px"><div>Unplug it.</div></blockquote>',
      ),
    ).toBe('Steps:\nUnplug it.');
  });

  it('ends unclosed tags, comments and quoted values where a browser does', () => {
    expect(htmlToText('<a href="https://x.example/" title="a>b">go</a> on')).toBe(
      'go <https://x.example/> on',
    );
    expect(htmlToText('a < b and 2<3 <<x')).toBe('a < b and 2<3 <');
    expect(htmlToText('shown<!-- hidden <p>still hidden</p>')).toBe('shown');
    expect(htmlToText('shown<!--> shown too <!---> and this')).toBe('shown shown too and this');
    expect(htmlToText('shown <span title="never closed>hidden')).toBe('shown');
    expect(htmlToText('<script>alert(1)</script>ok<STYLE>p{}</style >fine<title>x')).toBe('okfine');
    expect(htmlToText('</ p>a<!DOCTYPE html><?xml x?>b</>')).toBe('ab');
  });

  it('leaves a blank line between paragraphs with margins, one at most, quoted in a quote', () => {
    expect(
      htmlToText(
        '<p>Dear support,</p><p>the lid is cracked.<br>Again.</p>' +
          // Empty paragraphs, an empty line and margins on both sides: still one blank line.
          '<p></p><p>&nbsp;</p><br><p>Kim</p>' +
          '<blockquote type="cite"><p>Dear Kim,</p><p>we are sorry.</p>' +
          '<blockquote type="cite"><p>It broke.</p></blockquote><p>Regards</p></blockquote>' +
          '<p>After the quote</p>',
      ),
    ).toBe(
      [
        'Dear support,',
        '',
        'the lid is cracked.',
        'Again.',
        '',
        'Kim',
        '> Dear Kim,',
        '>',
        '> we are sorry.',
        '>> It broke.',
        '> Regards',
        'After the quote',
      ].join('\n'),
    );
  });

  it("keeps Outlook's and Google Docs' margin-less paragraphs as lines, a margin set inline", () => {
    expect(
      htmlToText(
        '<p class=MsoNormal>Hello,</p><p class="MsoPlainText">one line each</p>' +
          // Outlook leaves a gap where its author did, as a margin of the paragraph's own.
          "<p class=MsoNormal style='margin-bottom:12.0pt'>Gap below</p>" +
          "<p class=MsoNormal style='margin:0cm;margin-bottom:.0001pt'>no gap</p>" +
          '<p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;">Docs</p>' +
          '<p style="margin: 0 0 1em">gap after only</p><p style="MARGIN:0CM !important">x</p>' +
          '<p style="margin-top:1em;margin-bottom:0">gap before only</p>',
      ),
    ).toBe(
      [
        'Hello,',
        'one line each',
        'Gap below',
        '',
        'no gap',
        'Docs',
        'gap after only',
        '',
        'x',
        '',
        'gap before only',
      ].join('\n'),
    );
  });

  it('shows an image as its alt text in brackets, a linked one with its target', () => {
    expect(
      htmlToText(
        '<p>Track it:<a href="https://track.example/4471"><img src="b.png" alt="Track"></a></p>' +
          '<p><img src="logo.png" alt=" Kettle &amp;\n Co "> news<img src="x.gif" alt=""> ' +
          '<img src="pixel.gif" width="1" height="1"><img alt="Hidden" hidden></p>' +
          '<a href="https://track.example/4471"><img alt="Track"></a>' +
          '<table><tr><td><img alt="Left"></td><td><img alt="Right"></td></tr></table>',
      ),
    ).toBe(
      [
        'Track it: [Track] <https://track.example/4471>',
        '',
        '[Kettle & Co] news',
        '',
        '[Track] <https://track.example/4471>',
        '[Left] | [Right]',
      ].join('\n'),
    );
  });

  it('shows at most 40 quote levels, however deep the HTML nests them', () => {
    const deep = `${'<blockquote type="cite">'.repeat(100)}bottom`;
    expect(htmlToText(deep)).toBe(`${'>'.repeat(40)} bottom`);
  });
});

/**
 * Mailchimp: the preview text the inbox shows beside the subject, hidden in the mail itself (in a
 * comment only Outlook reads as one), then a padding of invisible characters.
 */
const MAILCHIMP_PREHEADER = `<body><!--[if !gte mso 9]><!----><span class="mcnPreviewText" style="display:none; font-size:0px; line-height:0px; max-height:0px; max-width:0px; opacity:0; overflow:hidden; visibility:hidden; mso-hide:all;">Your kettle is on its way &#847;&zwnj;&nbsp;&#847;&zwnj;&nbsp;</span><!--<![endif]-->
<center><table align="center" border="0" cellpadding="0" cellspacing="0" height="100%" width="100%" id="bodyTable"><tr><td align="center" valign="top" id="bodyCell">
<div style="display: none; max-height: 0px; overflow: hidden;">Track it in the app</div>
<table class="mcnTextBlock"><tr><td class="mcnTextContent"><h1>Order 4471 has shipped</h1>
<p>Hi Kim, your Kettle K2 left our warehouse today.</p></td></tr></table>
</td></tr></table></center></body>`;

/**
 * A newsletter's mobile menu, hidden from Outlook (mso-hide) and from wide screens (display:none,
 * in Outlook's upper case), nested tables in it; the media query that shows it on a phone is in
 * the head.
 */
const OUTLOOK_HIDDEN_MENU = `<table width="100%"><tr><td>
<table class="mobile-menu" style="DISPLAY: none; mso-hide: all; max-height: 0; overflow: hidden" width="100%"><tr><td>
<table><tr><td><a href="https://shop.example/m/kettles">Kettles</a></td><td><a href="https://shop.example/m/toasters">Toasters</a></td></tr></table>
</td></tr><tr><td>Menu</td></tr></table>
<p>Spring sale: 20% off every kettle until Sunday.</p>
</td></tr></table>`;

describe('htmlToText leaves out what the mail never shows', () => {
  it("drops a newsletter's hidden preheader (Mailchimp, Litmus) and keeps the mail", () => {
    expect(htmlToText(MAILCHIMP_PREHEADER)).toBe(
      'Order 4471 has shipped\n\nHi Kim, your Kettle K2 left our warehouse today.',
    );
  });

  it('drops a block hidden by display:none (with mso-hide:all), nested tables in it', () => {
    expect(htmlToText(OUTLOOK_HIDDEN_MENU)).toBe('Spring sale: 20% off every kettle until Sunday.');
  });

  it('drops elements with the hidden attribute and templates, nested or not', () => {
    expect(
      htmlToText(
        '<p>Dear support,</p><p>the lid is cracked.<span hidden>[ ref:_00D1x2._5003x4:ref ]' +
          '</span></p><div hidden="until-found"><div>Case details</div>more</div>' +
          '<template><p>Reply</p><template>x</template>y</template><p>Kim</p>',
      ),
    ).toBe('Dear support,\n\nthe lid is cracked.\n\nKim');
  });

  it('reads display:none in any case and spacing, the last declaration winning', () => {
    expect(
      htmlToText(
        '<div style="color:red;DISPLAY : None !important">a</div>' +
          '<div style="display:none;display:block">b</div>' +
          '<div style="display:none!important;display:block">c</div>' +
          '<div style="mso-display:none;x-display:none">d</div>' +
          '<div class="hidden" title="display:none">e</div>' +
          "<div style='display:&#110;one'>f</div>g",
      ),
    ).toBe('b\nd\ne\ng');
  });

  it('keeps visibility:hidden and mso-hide:all alone, which the desk shows', () => {
    // The button's Outlook version is in a conditional comment, dropped: only this one remains.
    expect(
      htmlToText(
        '<!--[if mso]><p>Open the survey</p><![endif]--><div style="mso-hide:all">' +
          '<a href="https://survey.example/1">Rate us</a></div>' +
          '<div style="visibility:hidden"><span style="visibility:visible">Thanks</span></div>',
      ),
    ).toBe('Rate us <https://survey.example/1>\nThanks');
  });

  it('ends a hidden element where a browser does when its end tag is missing or misplaced', () => {
    // A cell's, item's or quote's end closes a hidden element opened in it.
    expect(
      htmlToText(
        '<table><tr><td><span style="display:none">pre</td><td>Name</td></tr></table>' +
          '<ol><li>one<div hidden>x</li><li>two</li></ol>' +
          '<blockquote type="cite"><div hidden>old</blockquote>after',
      ),
    ).toBe('Name\n1. one\n2. two\nafter');
    // A block ends a hidden paragraph; the next item ends a hidden item (not one of a list in it).
    expect(
      htmlToText(
        '<p hidden>pre<div>shown</div><ul><li hidden>a<ul><li>b</ul>c<li>d</ul>' +
          '<table><tr><td hidden>x<td>y</table>',
      ),
    ).toBe('shown\n- d\ny');
    // Elements with no contents hide only themselves, a script's `</div>` ends nothing, and a
    // hidden block puts no line end (no box, no line).
    expect(
      htmlToText(
        'a<br hidden>b<img hidden src="x.png"><hr style="display:none">c' +
          '<div hidden><script>"</div>"</script>x</div>d<div hidden>unclosed <p>all of it',
      ),
    ).toBe('abcd');
  });
});

describe('emailWords', () => {
  it('takes the text part, else the HTML part made text when the text is absent or blank', () => {
    expect(emailWords({ text: 'Hello\nKim', html: '<p>Other</p>' })).toBe('Hello\nKim');
    // An HTML-only mail as Outlook and Gmail send it: Text empty or a lone line break.
    expect(emailWords({ text: '', html: '<p>Hello</p><p>Kim</p>' })).toBe('Hello\n\nKim');
    expect(emailWords({ text: '\r\n', html: '<p>Hello</p>' })).toBe('Hello');
    expect(emailWords({ html: 'Hello<br>Kim' })).toBe('Hello\nKim');
    expect(emailWords({ text: '' })).toBeUndefined();
    expect(emailWords({})).toBeUndefined();
  });
});
