/**
 * A marketing newsletter as mailers send it HTML-only (Outlook and Gmail often leave the text
 * part empty): `sections` stories, each in a layout table with three images and four buttons (with their Outlook twins), inline
 * styles on every cell, a hidden preheader and a footer. 330 sections make ~1.6 MB of HTML with
 * 990 images, the size of the one that stalled the desk's main process. Every story ends with
 * the word `section<n>word` so that a test can look one up.
 */
export function newsletterHtml(sections = 330): string {
  const cell = 'style="padding:12px 24px;font-family:Arial,Helvetica,sans-serif;font-size:15px"';
  const image = (n: number, part: string) =>
    `<img src="https://cdn.shop.example/campaign/2026-12/${part}-${String(n)}.jpg" width="552" height="276" alt="Offer ${String(n)} ${part}" style="display:block;width:100%;max-width:552px;height:auto;border:0">`;
  const button = (n: number, label: string) =>
    `<!--[if mso]><v:roundrect xmlns:v="urn:schemas-microsoft-com:vml" href="https://shop.example/c/${label}?story=${String(n)}" style="height:44px;v-text-anchor:middle;width:180px" arcsize="10%" fillcolor="#d0021b" stroke="f"><![endif]--><a href="https://shop.example/c/${label}?utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=winter&amp;utm_content=story${String(n)}" style="display:inline-block;padding:12px 28px;margin:4px;background:#d0021b;color:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:15px;font-weight:bold;line-height:20px;text-decoration:none;border-radius:4px;mso-hide:all"><span style="color:#ffffff;text-decoration:none">${label}</span></a><!--[if mso]></v:roundrect><![endif]-->`;
  const story = (n: number) =>
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#ffffff;border-collapse:collapse;mso-table-lspace:0pt;mso-table-rspace:0pt">
<tr><td colspan="2" ${cell}>${image(n, 'hero')}</td></tr>
<tr><td colspan="2" ${cell}><h2 style="margin:0;color:#1a1a1a;font-family:Georgia,serif;font-size:22px;line-height:28px">Story ${String(n)}: the winter collection is here</h2></td></tr>
<tr><td ${cell} width="50%">${image(n, 'left')}</td><td ${cell} width="50%">${image(n, 'right')}</td></tr>
<tr><td colspan="2" ${cell}><p style="margin:0 0 12px;line-height:22px;color:#333333">${'Warm coats, soft scarves and boots that keep the snow out, with free delivery on every order over forty euros this week only. '.repeat(4)}section${String(n)}word</p></td></tr>
<tr><td colspan="2" ${cell} align="center">${['coats', 'scarves', 'boots', 'gloves'].map((label) => button(n, label)).join('')}</td></tr>
</table>
`;
  const stories = Array.from({ length: sections }, (_, n) => story(n + 1)).join('');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><style>@media (max-width:600px){.menu{display:block!important}}</style></head>
<body style="margin:0;background:#f4f4f4"><div style="display:none;max-height:0;overflow:hidden">The winter sale starts now: up to 50% off.</div>
<center>${stories}<p style="font-size:11px;color:#888888">You receive this newsletter because you bought from Shop Example. <a href="https://shop.example/unsubscribe">Unsubscribe</a></p></center></body></html>`;
}
