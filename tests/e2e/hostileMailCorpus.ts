/**
 * A generated corpus of hostile HTML e-mails for the mail view's corpus test: each mail mixes a
 * few payloads into ordinary customer text. Every payload that ran would say so: it calls
 * `top.__hit(id)` / `parent.__hit(id)`, posts a message to the desk, or asks the loopback
 * listener (`http://127.0.0.1:<port>/…`, also the target of every remote load) for something.
 * Deterministic: the same seed gives the same corpus.
 */

import { seededRandom } from '../../simulator/scenarios';

/** One kind of attack, as a function of the mail's hook id and the listener's origin. */
type Payload = (hook: string, origin: string) => string;

const run = (hook: string) => `top.__hit('${hook}')`;

/** The payload families, by name (the test reports how many of each it rendered). */
export const PAYLOADS: Readonly<Record<string, readonly Payload[]>> = {
  scriptTags: [
    (h) => `<script>${run(h)}</script>`,
    (h) => `<SCRIPT type="module">${run(h)}</SCRIPT>`,
    (h, o) => `<script src="${o}/script.js?${h}"></script>`,
    (h) => `<scr<script>ipt>${run(h)}</scr</script>ipt>`,
    (h) => `<script>/*</script><script>*/${run(h)}</script>`,
  ],
  eventHandlers: [
    (h) => `<img src=x onerror="${run(h)}">`,
    (h) => `<body onload="${run(h)}">`,
    (h) => `<div onmouseover="${run(h)}" style="height:40px">hover</div>`,
    (h) => `<details open ontoggle="${run(h)}"><summary>x</summary></details>`,
    (h) => `<input autofocus onfocus="${run(h)}">`,
    (h) => `<video><source onerror="${run(h)}"></video>`,
    (h) => `<audio src=x onerror="${run(h)}"></audio>`,
    (h) => `<marquee onstart="${run(h)}">m</marquee>`,
    (h) => `<p onclick="${run(h)}" id="clickme">click</p>`,
    (h) => `<img src=x oNeRrOr=${run(h).replace(/'/gu, '&#39;')}>`,
    (h) => `<svg><set onbegin="${run(h)}" attributeName=x to=1 /></svg>`,
  ],
  javascriptUrls: [
    (h) => `<a href="javascript:${run(h)}">account</a>`,
    (h) => `<a href="  JaVaScRiPt:${run(h)}">a</a>`,
    (h) => `<a href="jav&#x09;ascript:${run(h)}">b</a>`,
    (h) => `<a href="&#106;avascript:${run(h)}">c</a>`,
    (h) => `<iframe src="javascript:${run(h)}"></iframe>`,
    (h) => `<form action="javascript:${run(h)}"><button>go</button></form>`,
    (h) => `<img src="javascript:${run(h)}">`,
  ],
  dataUrls: [
    (h) => `<a href="data:text/html,<script>${run(h)}</script>">open</a>`,
    (h) => `<iframe src="data:text/html;base64,${btoa(`<script>${run(h)}</script>`)}"></iframe>`,
    (h) =>
      `<img src="data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='${run(h)}'/>">`,
    (h) => `<object data="data:text/html,<script>${run(h)}</script>"></object>`,
    (h) => `<embed src="data:image/svg+xml,<svg onload=${run(h)}>">`,
  ],
  svgTricks: [
    (h) => `<svg onload="${run(h)}"><circle r=5 /></svg>`,
    (h) => `<svg><script>${run(h)}</script></svg>`,
    (h) => `<svg><a xlink:href="javascript:${run(h)}"><text y=20>svg link</text></a></svg>`,
    (h, o) => `<svg><image href="${o}/svg-image?${h}" /></svg>`,
    (h) => `<svg><animate onbegin="${run(h)}" attributeName=x dur=1s /></svg>`,
    (h) =>
      `<svg><foreignObject><iframe srcdoc="<script>${run(h)}</script>"></iframe></foreignObject></svg>`,
    (h, o) => `<svg><use href="${o}/sprite.svg#${h}" /></svg>`,
  ],
  mathmlTricks: [
    (h) =>
      `<math><mtext><table><mglyph><style><img src=x onerror="${run(h)}"></style></mglyph></table></mtext></math>`,
    (h) => `<math href="javascript:${run(h)}"><mi>x</mi></math>`,
    (h) =>
      `<math><maction actiontype="statusline" xlink:href="javascript:${run(h)}">m</maction></math>`,
    (h) =>
      `<math><mi><table><mi><style><img src=x onerror=${run(h)}></style></mi></table></mi></math>`,
  ],
  cssLoads: [
    (h, o) => `<style>@import url(${o}/import.css?${h});</style>`,
    (h, o) => `<style>@import "${o}/import2.css?${h}";</style>`,
    (h, o) => `<div style="background:url(${o}/bg.png?${h})">bg</div>`,
    (h, o) => `<div style="background-image: url('${o}/bg2.png?${h}')">bg2</div>`,
    (h, o) => `<style>p{background:u\\72l(${o}/escaped.png?${h})}</style>`,
    (h, o) =>
      `<style>@font-face{font-family:x;src:url(${o}/font.woff?${h})}p{font-family:x}</style>`,
    (h, o) => `<div style="background:image-set('${o}/set.png?${h}' 1x)">set</div>`,
    (h, o) => `<style>li{list-style:url(${o}/bullet.png?${h})}</style><ul><li>x</li></ul>`,
    (h, o) => `<p style="cursor:url(${o}/cursor.cur?${h}),auto">cursor</p>`,
    (h, o) => `<style>body{background:ur/**/l(${o}/comment.png?${h})}</style>`,
    (h, o) => `<style>p{background-image:src("${o}/src.png?${h}")}</style>`,
    (h, o) => `<div style="background-image:src('${o}/src2.png?${h}')">src</div>`,
  ],
  metaRefresh: [
    (h, o) => `<meta http-equiv="refresh" content="0;url=${o}/refresh?${h}">`,
    (h) => `<meta http-equiv="refresh" content="0;url=javascript:${run(h)}">`,
    (h, o) =>
      `<meta http-equiv="Content-Security-Policy" content="img-src *"><img src="${o}/csp?${h}">`,
    (h, o) => `<base href="${o}/base/"><img src="relative.png?${h}"><a href="rel?${h}">rel</a>`,
    (h, o) => `<link rel="stylesheet" href="${o}/link.css?${h}">`,
    (h, o) =>
      `<link rel="prefetch" href="${o}/prefetch?${h}"><link rel="dns-prefetch" href="${o}">`,
  ],
  forms: [
    (h, o) =>
      `<form action="${o}/form?${h}" method="post"><input name=card value=1><button>Pay</button></form>`,
    (h, o) => `<form><button formaction="${o}/formaction?${h}">Send</button></form>`,
    (h, o) => `<form action="${o}/auto?${h}"><input type=image src="${o}/input-image?${h}"></form>`,
    (h) => `<form id=f></form><button form=f onclick="${run(h)}">b</button>`,
    (h) => `<textarea autofocus onfocus="${run(h)}">t</textarea>`,
  ],
  framesAndObjects: [
    (h, o) => `<iframe src="${o}/frame?${h}"></iframe>`,
    (h) => `<iframe srcdoc="<script>${run(h)}</script>"></iframe>`,
    (h, o) => `<object data="${o}/object?${h}"></object>`,
    (h, o) => `<embed src="${o}/embed?${h}">`,
    (h, o) => `<frameset><frame src="${o}/frameset?${h}"></frameset>`,
    (h, o) => `<portal src="${o}/portal?${h}"></portal>`,
    (h, o) => `<applet code="x" codebase="${o}/applet?${h}"></applet>`,
  ],
  remoteImages: [
    (h, o) => `<img src="${o}/pixel.gif?${h}" width=1 height=1>`,
    (h, o) => `<img src="${o.replace('http:', 'https:')}/secure.gif?${h}" alt="logo">`,
    (h, o) => `<img srcset="${o}/srcset.png?${h} 2x" alt="s">`,
    (h, o) => `<picture><source srcset="${o}/picture.webp?${h}"><img alt=p></picture>`,
    (h, o) => `<video poster="${o}/poster.png?${h}"></video>`,
    (h, o) => `<table background="${o}/table-bg.png?${h}"><tr><td>t</td></tr></table>`,
    (h, o) => `<body background="${o}/body-bg.png?${h}">`,
    (h, o) => `<img src="//127.0.0.1:${new URL(o).port}/protocol-relative?${h}">`,
    (h, o) => `<img lowsrc="${o}/lowsrc?${h}" dynsrc="${o}/dynsrc?${h}">`,
    (h, o) => `<a ping="${o}/ping?${h}" href="https://shop.example/">ping</a>`,
    (h, o) => `<template><img src="${o}/template.png?${h}"></template>`,
  ],
  mutationXss: [
    (h) => `<noscript><p title="</noscript><img src=x onerror=${run(h)}>">`,
    (h) => `<form><math><mtext></form><form><mglyph><style></math><img src onerror=${run(h)}>`,
    (h) => `<svg></p><style><a id="</style><img src=1 onerror=${run(h)}>">`,
    (h) => `<xmp><img src=x onerror="${run(h)}"></xmp>`,
    (h) => `<!--<img src=x onerror="${run(h)}">-->`,
    (h) => `<textarea><img src=x onerror="${run(h)}"></textarea>`,
    (h) => `<title><img src=x onerror="${run(h)}"></title>`,
    (h) => `<style><img src=x onerror="${run(h)}"></style>`,
    (h) => `<template><img src=x onerror="${run(h)}"></template>`,
    (h) => `<a title="&lt;/a&gt;&lt;img src=x onerror=${run(h)}&gt;">t</a>`,
    (h) => `<svg><style><img src=x onerror="${run(h)}"></style></svg>`,
    (h) => `<math><style><img src=x onerror="${run(h)}"></style></math>`,
    (h) => `<select><template><style><img src=x onerror="${run(h)}"></style></template></select>`,
    (h) => `<div id="x"><![CDATA[<img src=x onerror="${run(h)}">]]></div>`,
    (h) => `<img src="x` + '`' + `" onerror="${run(h)}">`,
    (h) => `<?xml version="1.0"?><img src=x onerror="${run(h)}">`,
  ],
  messagesAndDom: [
    (h) => `<img src=x onerror="parent.postMessage('${h}','*')">`,
    (h) =>
      `<img name="addEventListener"><form id="body"></form><img src=x onerror="parent.__hit('${h}')">`,
    (h) => `<style>body,html{display:none!important}#desk-chrome{color:red}</style><p>${h}</p>`,
    (h) => `<div style="position:fixed;inset:0;z-index:99999;background:red">${h}</div>`,
    (h, o) => `<img src=x onerror="fetch('${o}/fetch?${h}')">`,
    (h, o) => `<img src=x onerror="new Image().src='${o}/beacon?${h}'">`,
    (h) =>
      `<a href="https://shop.example/${h}" target="_top">top</a><a href="https://shop.example/${h}" target="_blank">blank</a>`,
  ],
};

const ORDINARY = [
  '<p>Hello,</p><p>my order <b>58812</b> has not arrived yet.</p>',
  '<table border=1><tr><th>Item</th><th>Price</th></tr><tr><td>Lamp</td><td>EUR 40</td></tr></table>',
  '<div style="font-family:Arial;color:#333"><p>Kind regards,<br>Tom</p></div>',
  '<blockquote>On Monday you wrote: thanks for your patience.</blockquote>',
  '<ul><li>Invoice 4471</li><li>Invoice 4472</li></ul>',
  '<p style="color:#888;font-size:11px">Sent from my phone</p>',
];

export interface HostileMail {
  readonly id: string;
  readonly html: string;
  /** The payload families it carries. */
  readonly families: readonly string[];
  /** Its payloads, each as `family#index` (its place in {@link PAYLOADS}' family). */
  readonly payloads: readonly string[];
}

/**
 * `count` hostile mails: each carries one to four payloads, wrapped in ordinary customer markup,
 * sometimes as a whole document with a head. The first mails carry every payload in turn as
 * their first, so that a corpus at least as large as {@link PAYLOADS} holds every one of them;
 * after that, every family in turn, so that all families are equally present. The others are
 * drawn at random: the combinations vary.
 */
export function hostileMails(count: number, origin: string, seed = 12): HostileMail[] {
  // The simulator's seeded generator: the corpus is the same on every run.
  const random = seededRandom(seed);
  const families = Object.keys(PAYLOADS);
  const every = families.flatMap((family) =>
    (PAYLOADS[family] ?? []).map((_, index) => ({ family, index })),
  );
  const pickIndex = (length: number): number => Math.floor(random() * length);
  const payloadOf = (family: string, index = pickIndex(PAYLOADS[family]?.length ?? 0)) => ({
    family,
    index,
  });
  const mails: HostileMail[] = [];
  for (let mail = 0; mail < count; mail++) {
    const chosen = [every[mail] ?? payloadOf(String(families[mail % families.length]))];
    const extra = pickIndex(4);
    for (let n = 0; n < extra; n++)
      chosen.push(payloadOf(String(families[pickIndex(families.length)])));
    const hook = `m${String(mail)}`;
    const parts = chosen.map(
      ({ family, index }) => PAYLOADS[family]?.[index]?.(hook, origin) ?? '',
    );
    const body = [
      ORDINARY[pickIndex(ORDINARY.length)],
      ...parts,
      ORDINARY[pickIndex(ORDINARY.length)],
    ].join('\n');
    const html =
      random() < 0.3
        ? `<!doctype html><html><head><title>x</title>${parts[0] ?? ''}</head><body>${body}</body></html>`
        : body;
    mails.push({
      id: hook,
      html,
      families: chosen.map(({ family }) => family),
      payloads: chosen.map(({ family, index }) => `${family}#${String(index)}`),
    });
  }
  return mails;
}

/** Text that looks like markup, and a comment that holds some: DOMPurify judges both. */
const MARKUP_LOOKALIKE = '&lt;b&gt;not bold&lt;/b&gt; <!-- <i>a comment</i> --> &lt;/td&gt;';

/**
 * Big mails made of a corpus of 200, for the check that a mail sanitized a chunk at a time
 * (lib/mailHtml.ts) gives the one-task document: every payload at the top level, deep inside one
 * wrapper (as a newsletter is), inside each kind of element the slicing cuts inside, beside text
 * that looks like markup at several depths, nested deeper than it cuts, and inside elements it
 * must not cut inside. `cut`: the slicing cuts inside it (the check that it did is the test's).
 */
export function bigHostileMails(origin: string): { id: string; html: string; cut: boolean }[] {
  const corpus = hostileMails(200, origin);
  const filler = (n: number) =>
    Array.from({ length: n }, (_, i) => `<span class="f">word ${String(i)}</span> <b>x</b>`).join(
      '\n',
    );
  const parts = corpus.map(
    (mail, n) => `${mail.html}\n${MARKUP_LOOKALIKE}\n${filler((n % 5) * 10)}`,
  );
  // Each mail in a <div> of its own: some payloads leave an element open (a <noscript>, an
  // <svg>) that would otherwise hold all the mails after it, and it is not cut inside.
  const all = parts.map((part) => `<div class="mail">${part}</div>`).join('\n');
  const chain = (tags: readonly string[], inner: string, beside = '') =>
    tags.reduceRight(
      (held, tag) => `${beside}<${tag}>${beside}${held}${beside}</${tag}>${beside}`,
      inner,
    );
  const deep = corpus
    .slice(0, 40)
    .reduceRight(
      (held, mail) => `<div><div class="mail">${mail.html}</div>${filler(30)}${held}</div>`,
      '',
    );
  return [
    { id: 'top level', html: all, cut: true },
    {
      id: 'one wrapper',
      html: `<center><table role="presentation"><tbody><tr><td>${all}</td></tr></tbody></table></center>`,
      cut: true,
    },
    {
      id: 'every cut element',
      html: chain(
        [
          'article',
          'aside',
          'blockquote',
          'center',
          'dl',
          'dd',
          'div',
          'em',
          'font',
          'footer',
          'header',
          'i',
          'main',
          'nav',
          'ol',
          'li',
          'section',
          'span',
          'strong',
          'u',
          'ul',
          'li',
          'p',
          'b',
        ],
        all,
      ),
      cut: true,
    },
    {
      id: 'table parts',
      html: `<table><thead><tr><th>${all}</th></tr></thead><tfoot><tr><td>${all}</td></tr></tfoot></table>`,
      cut: true,
    },
    {
      id: 'markup lookalikes beside the cuts',
      html: chain(['div', 'div', 'section'], all, `\n${MARKUP_LOOKALIKE}\n`),
      cut: true,
    },
    { id: 'deeper than cut', html: deep, cut: true },
    { id: 'payloads left open, holding the rest', html: parts.join('\n'), cut: false },
    { id: 'in a form', html: `<form action="${origin}/f">${all}</form>`, cut: false },
    { id: 'in a link', html: `<a href="https://shop.example/">${all}</a>`, cut: false },
    { id: 'in a customized built-in', html: `<div is="x-mail">${all}</div>`, cut: false },
    {
      id: 'in SVG',
      html: `<svg><foreignObject><div>${all}</div></foreignObject></svg>`,
      cut: false,
    },
    { id: 'in noscript', html: `<div><noscript>${all}</noscript></div>`, cut: false },
  ];
}
