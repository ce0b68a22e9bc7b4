// Synthetic news pages for the scan bench: a 1 MB article and a long liveblog, built from the seeds' sentences.
import { chance, intIn, mulberry32, pick, type Rng } from '@/scripts/bench/prng';
import type { SeedMaterial } from '@/scripts/bench/seeds';

/** A generated page: its HTML and what went into it. */
export interface SyntheticPage {
  name: string;
  html: string;
  /** Characters of paragraph text generated (roughly what the reader reads). */
  textChars: number;
  paragraphs: number;
  quotedSentences: number;
}

// Who speaks in the synthetic quotes: our four by name or title, and people who are none of ours.
const OURS = ['Sheinbaum', 'Trump', 'Rubio', 'Ambassador Johnson', 'the Mexican president', 'the secretary of state', 'Claudia Sheinbaum', 'President Donald Trump'];
const OTHERS = ['Paula Ibarra, a researcher in Tijuana,', 'a spokesman for the security cabinet', 'Arturo Lemus', 'one analyst', 'the governor of Sinaloa', 'a senior diplomat'];
const AUTHORS = ['Lucía Fernández', 'Daniel Price in Washington', 'Frontera Daily staff', 'Ana Ruiz in Mexico City'];

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A quoted sentence: one of the seeds' own (these are in the corpus), or a plain seed sentence put in someone's mouth. */
function quotedSentence(rng: Rng, seeds: SeedMaterial): string {
  if (chance(rng, 0.35)) return pick(rng, seeds.quoted);
  const words = pick(rng, seeds.plain).replace(/[.!?]+$/, '').split(/\s+/);
  // Quotes are often a clause, not a whole sentence.
  const body = words.slice(0, Math.max(5, Math.min(words.length, intIn(rng, 6, 30)))).join(' ');
  const who = chance(rng, 0.6) ? pick(rng, OURS) : pick(rng, OTHERS);
  switch (intIn(rng, 0, 3)) {
    case 0: return `\u201C${body},\u201D ${who} said.`;
    case 1: return `${who.replace(/^./, (c) => c.toUpperCase())} said that \u201C${body.replace(/^./, (c) => c.toLowerCase())}.\u201D`;
    case 2: return `\u201C${body},\u201D said ${who.replace(/,$/, '')}.`;
    default: return `${who.replace(/^./, (c) => c.toUpperCase()).replace(/,$/, '')} told reporters: \u201C${body}.\u201D`;
  }
}

/** A paragraph's HTML: its words, with a few runs wrapped in <a> or <em> (each wrap splits a text node in three). */
function paragraphHtml(rng: Rng, text: string, inline: number): string {
  const words = text.split(' ');
  const wraps: Array<[number, number, 'a' | 'em']> = [];
  const slot = Math.max(1, Math.floor(words.length / Math.max(1, inline)));
  for (let k = 0; k < inline; k++) {
    const from = k * slot + intIn(rng, 0, Math.max(0, slot - 4));
    const to = Math.min(words.length, from + intIn(rng, 1, 3));
    if (from < to && from < words.length) wraps.push([from, to, chance(rng, 0.6) ? 'a' : 'em']);
  }
  let html = '';
  let at = 0;
  for (const [from, to, tag] of wraps) {
    if (from < at) continue;
    html += escapeHtml(words.slice(at, from).join(' ')) + (from > 0 ? ' ' : '');
    const inner = escapeHtml(words.slice(from, to).join(' '));
    html += tag === 'a' ? `<a href="/topic/${from}">${inner}</a>` : `<em>${inner}</em>`;
    html += to < words.length ? ' ' : '';
    at = to;
  }
  return html + escapeHtml(words.slice(at).join(' '));
}

const STYLE = `<style>
body { margin: 0; font: 17px/1.6 Georgia, serif; color: #222; }
header.site, footer.site { background: #123; color: #fff; padding: 8px 20px; }
.page { display: grid; grid-template-columns: minmax(0, 1fr) 260px; gap: 32px; max-width: 1100px; margin: 0 auto; padding: 0 20px; }
a { color: #1a4d8f; } aside { font-size: 14px; } .entry { border-top: 1px solid #ddd; padding: 8px 0; }
blockquote { border-left: 3px solid #999; margin: 12px 0; padding-left: 12px; }
</style>`;

function frame(title: string, main: string, rng: Rng, seeds: SeedMaterial): string {
  const related = Array.from({ length: 12 }, () => `<li><a href="/r">${escapeHtml(pick(rng, seeds.headings))}</a></li>`).join('');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>${STYLE}</head><body>
<header class="site"><a href="/">Frontera Daily</a><nav><a href="/mexico">Mexico</a> <a href="/us">U.S.</a> <a href="/border">Border</a></nav></header>
<div class="page"><main>${main}</main>
<aside class="sidebar"><h2>Related</h2><ul>${related}</ul></aside></div>
<footer class="site"><p>\u00A9 Frontera Daily. All rights reserved.</p></footer></body></html>`;
}

/** A long article: paragraphs of seed sentences (~1 MB of text), a quoted sentence every ~5 paragraphs. */
export function syntheticArticle(seeds: SeedMaterial, targetChars = 1_000_000, seed = 1): SyntheticPage {
  const rng = mulberry32(seed);
  const parts: string[] = [`<article><h1>${escapeHtml(pick(rng, seeds.headings))}</h1><p class="byline">By ${pick(rng, AUTHORS)}</p>`];
  let chars = 0;
  let paragraphs = 0;
  let quoted = 0;
  while (chars < targetChars) {
    if (paragraphs > 0 && paragraphs % 15 === 0) parts.push(`<h2>${escapeHtml(pick(rng, seeds.headings))}</h2>`);
    const sentences = Array.from({ length: intIn(rng, 3, 6) }, () => pick(rng, seeds.plain));
    if (chance(rng, 0.2)) {
      sentences.splice(intIn(rng, 0, sentences.length), 0, quotedSentence(rng, seeds));
      quoted++;
    }
    const text = sentences.join(' ');
    parts.push(`<p>${paragraphHtml(rng, text, intIn(rng, 3, 4))}</p>`);
    chars += text.length;
    paragraphs++;
  }
  parts.push('</article>');
  return { name: 'article-1MB', html: frame('Synthetic article', parts.join('\n'), rng, seeds), textChars: chars, paragraphs, quotedSentences: quoted };
}

/** A liveblog: hundreds of <article> entries, newest first, a third of them with a quote, some as <blockquote>. */
export function syntheticLiveblog(seeds: SeedMaterial, entries = 600, seed = 2): SyntheticPage {
  const rng = mulberry32(seed);
  const parts: string[] = ['<article class="liveblog"><h1>Mexico\u2013U.S. security talks: live updates</h1>'];
  let chars = 0;
  let paragraphs = 0;
  let quoted = 0;
  for (let i = entries; i > 0; i--) {
    const hh = String(6 + Math.floor((i * 17) / 60) % 18).padStart(2, '0');
    const mm = String((i * 17) % 60).padStart(2, '0');
    parts.push(`<article class="entry" id="e${i}"><header><time datetime="2026-01-06T${hh}:${mm}-06:00">${hh}:${mm}</time> <span>${pick(rng, AUTHORS)}</span></header>`);
    parts.push(`<h3>${escapeHtml(pick(rng, seeds.headings))}</h3>`);
    for (let p = intIn(rng, 1, 3); p > 0; p--) {
      const sentences = Array.from({ length: intIn(rng, 1, 3) }, () => pick(rng, seeds.plain));
      if (chance(rng, 0.2)) {
        sentences.splice(intIn(rng, 0, sentences.length), 0, quotedSentence(rng, seeds));
        quoted++;
      }
      const text = sentences.join(' ');
      parts.push(`<p>${paragraphHtml(rng, text, intIn(rng, 0, 2))}</p>`);
      chars += text.length;
      paragraphs++;
    }
    if (chance(rng, 0.12)) {
      const words = pick(rng, seeds.plain).replace(/[.!?]+$/, '').split(/\s+/).slice(0, intIn(rng, 8, 24)).join(' ');
      parts.push(`<blockquote><p>${escapeHtml(words)}.</p><footer>\u2014 ${pick(rng, ['Claudia Sheinbaum', 'Marco Rubio', 'Donald Trump', 'Ronald Johnson'])}</footer></blockquote>`);
      chars += words.length;
      quoted++;
    }
    parts.push('<p class="share">Share \u00B7 Copy link</p></article>');
  }
  parts.push('</article>');
  return { name: `liveblog-${entries}`, html: frame('Live updates', parts.join('\n'), rng, seeds), textChars: chars, paragraphs, quotedSentences: quoted };
}
