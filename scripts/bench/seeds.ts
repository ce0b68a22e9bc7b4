// The seed articles as raw material for synthetic pages and corpora: their sentences and their words.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { maskQuotes } from '@/lib/pipeline/attribute';
import { detectQuotes } from '@/lib/pipeline/detect-quotes';
import { splitSentences } from '@/lib/pipeline/sentences';
import { textDocFromPlainText } from '@/lib/pipeline/text-doc';

/** What the generators draw from. */
export interface SeedMaterial {
  /** Article sentences with no quotation in them: the filler of a news page. */
  plain: string[];
  /** Sentences that quote someone, as the seeds write them ("…," Sheinbaum said.). */
  quoted: string[];
  /** Headlines and short lines (the seeds' headings). */
  headings: string[];
  /** Every word of the seeds in text order, as written: drawing from it draws words by their frequency. */
  words: string[];
}

// A double quotation mark, a guillemet, or a single mark that opens a quotation (not an apostrophe inside a word).
const QUOTING = /["\u201C\u201D\u201E\u00AB\u00BB]|(?:^|[\s(])['\u2018]\p{L}/u;
const WORD = /[\p{L}\p{N}]+(?:['\u2019][\p{L}\p{N}]+)*/gu;

/** Reads data/*.txt and splits it into sentences (with the project's own splitter) and words. */
export function loadSeeds(dataDir: string): SeedMaterial {
  const plain = new Set<string>();
  const quoted = new Set<string>();
  const headings = new Set<string>();
  const words: string[] = [];
  for (const name of readdirSync(dataDir).filter((n) => n.endsWith('.txt')).sort()) {
    const source = readFileSync(join(dataDir, name), 'utf8').replace(/^\uFEFF/, '');
    const doc = textDocFromPlainText(source);
    const masked = maskQuotes(doc.text, detectQuotes(doc));
    for (const block of doc.blocks) {
      if (block.zone !== 'article') continue;
      const blockText = doc.text.slice(block.start, block.end);
      if (block.kind === 'heading') {
        headings.add(blockText);
        continue;
      }
      for (const s of splitSentences(masked, block.start, block.end)) {
        const sentence = doc.text.slice(s.start, s.end).trim();
        if (sentence.split(/\s+/).length < 4) continue;
        (QUOTING.test(sentence) ? quoted : plain).add(sentence);
      }
    }
    for (const m of source.matchAll(WORD)) words.push(m[0]);
  }
  if (plain.size === 0 || quoted.size === 0 || words.length === 0) throw new Error(`${dataDir}: no seed sentences to build from`);
  return { plain: [...plain], quoted: [...quoted], headings: [...headings], words };
}
