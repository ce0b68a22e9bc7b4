// The house's layers, kept (lib/README.md): every import of every source file is read, and a wrong one fails with
// the file, the import and the rule it breaks. In the spirit of refined-github's build/features.test.ts.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '@/test/helpers/paths';

/** Folders whose files are checked, and where their rules come from. */
const SOURCE_ROOTS = ['lib', 'components', 'entrypoints'];
/** Layers with no browser, no DOM, no storage: strings and plain objects in and out. */
const PURE = new Set(['model', 'pipeline', 'match', 'corpus', 'report']);
/** Globals a pure layer must not touch (page/ takes the document as a parameter, so it may not use these either). */
const PLATFORM_GLOBALS = new Set(['browser', 'chrome', 'document', 'window', 'location', 'navigator', 'indexedDB', 'localStorage', 'sessionStorage', 'self']);
/** Packages and the layers allowed to import them (every other package is free to all). */
const PACKAGE_LAYERS: Array<[RegExp, (layer: string) => boolean]> = [
  [/^dexie$/, (l) => l === 'lib/storage'],
  [/^wxt\/utils\/storage$/, (l) => l === 'lib/storage'],
  [/^wxt(\/|$)/, (l) => ['lib/storage', 'lib/messaging', 'lib/ui'].includes(l) || l.startsWith('entrypoints')],
  [/^preact(\/|$)|^@preact\//, (l) => l === 'components' || l.startsWith('entrypoints')],
];

interface Import {
  file: string;
  spec: string;
  /** The project file it resolves to (relative to the root), or null for a package. */
  target: string | null;
  names: string[];
  typeOnly: boolean;
}

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.tsx?$/.test(name)) yield path;
  }
}

function resolveSpec(from: string, spec: string): string | null {
  const base = spec.startsWith('@/') ? join(ROOT, spec.slice(2)) : spec.startsWith('.') ? resolve(dirname(from), spec) : null;
  if (!base) return null;
  const path = base.replace(/\?.*$/, '');
  for (const c of [path, `${path}.ts`, `${path}.tsx`, join(path, 'index.ts')]) if (existsSync(c) && statSync(c).isFile()) return relative(ROOT, c);
  // Not on disk (a file the checker's own test makes up): a module path names a .ts file.
  return relative(ROOT, /\.\w+$/.test(path) ? path : `${path}.ts`);
}

/** The layer a file belongs to: lib/<folder>, components, or entrypoints/<name>. */
function layerOf(file: string): string {
  const [top, sub] = file.split('/');
  return top === 'lib' || top === 'entrypoints' ? `${top}/${sub}` : top!;
}

/** What each lib/ layer may import, from the `May import:` line of its README. */
function libRules(): Map<string, Set<string>> {
  const rules = new Map<string, Set<string>>();
  for (const name of readdirSync(join(ROOT, 'lib'))) {
    const readme = join(ROOT, 'lib', name, 'README.md');
    if (!existsSync(readme)) continue;
    const line = /^May import:(.*)$/m.exec(readFileSync(readme, 'utf8'));
    rules.set(`lib/${name}`, new Set([...(line?.[1] ?? '').matchAll(/`([\w-]+)`/g)].map((m) => `lib/${m[1]}`)));
  }
  return rules;
}

function readImports(file: string, source?: string): { imports: Import[]; globals: Array<{ name: string; line: number }>; jsxTags: Set<string> } {
  const path = join(ROOT, file);
  const sf = ts.createSourceFile(path, source ?? readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const imports: Import[] = [];
  const declared = new Set<string>();
  const globals: Array<{ name: string; line: number }> = [];
  const jsxTags = new Set<string>();
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const names: string[] = [];
      if (clause?.name) names.push(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const e of bindings.elements) if (!e.isTypeOnly) names.push(e.name.text);
      } else if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
      const spec = node.moduleSpecifier.text;
      imports.push({ file, spec, target: resolveSpec(path, spec), names, typeOnly: clause?.isTypeOnly === true || (names.length === 0 && clause !== undefined) });
      for (const n of names) declared.add(n);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const spec = node.moduleSpecifier.text;
      imports.push({ file, spec, target: resolveSpec(path, spec), names: [], typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      const spec = node.arguments[0].text;
      imports.push({ file, spec, target: resolveSpec(path, spec), names: ['*'], typeOnly: false });
    } else if ((ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) && ts.isIdentifier(node.tagName)) {
      jsxTags.add(node.tagName.text);
    } else if (ts.isIdentifier(node) && PLATFORM_GLOBALS.has(node.text)) {
      const parent = node.parent;
      // A property name (x.document), a declared name, or a type position is no use of the global.
      const isProperty = (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node)
        || ts.isPropertySignature(parent) || ts.isParameter(parent) || ts.isBindingElement(parent) || ts.isVariableDeclaration(parent)
        || ts.isTypeReferenceNode(parent) || ts.isQualifiedName(parent) || ts.isShorthandPropertyAssignment(parent);
      if (!isProperty) globals.push({ name: node.text, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  // A name the file declares itself (a parameter called `document`) is no global.
  return { imports, globals: globals.filter((g) => !declared.has(g.name)), jsxTags };
}

/** Every broken rule, as "file: import 'x': rule" (`sources` stands in for files' contents: the checker's own test). */
function layerViolations(files: string[], sources: Record<string, string> = {}): string[] {
  const rules = libRules();
  const out: string[] = [];
  for (const file of files) {
    const layer = layerOf(file);
    const { imports, globals, jsxTags } = readImports(file, sources[file]);
    for (const imp of imports) {
      const broke = (rule: string) => out.push(`${file}: import '${imp.spec}': ${rule}`);
      if (imp.spec.startsWith('.')) broke('import project files by @/ paths, not relative ones');
      if (!imp.target) {
        const pkg = PACKAGE_LAYERS.find(([re]) => re.test(imp.spec));
        if (pkg && !imp.typeOnly && !pkg[1](layer)) broke(`${layer} may not import the package ${imp.spec}`);
        continue;
      }
      const to = imp.target;
      if (/^(data|public)\//.test(to)) continue; // data files (speakers, messages) are for everyone
      const target = layerOf(to);
      if (target === layer) continue;
      if (layer.startsWith('lib/')) {
        const allowed = rules.get(layer);
        if (!allowed) broke(`${layer} has no README.md with a "May import:" line`);
        else if (!allowed.has(target)) broke(`${layer} may import only ${[...allowed].join(', ')} (lib/${layer.slice(4)}/README.md), not ${target}`);
      } else if (layer === 'components') {
        if (!['lib/model', 'lib/report', 'lib/ui'].includes(target)) broke(`components may import only lib/model, lib/report and lib/ui, not ${target}`);
      } else if (layer.startsWith('entrypoints/')) {
        if (target.startsWith('entrypoints/')) broke(`an entrypoint may not import another entrypoint (${target})`);
        if (target === 'components' && !/\.css(\?|$)/.test(to) && !imp.typeOnly) {
          const notRendered = imp.names.filter((n) => !jsxTags.has(n));
          if (notRendered.length) broke(`an entrypoint imports a component only to render it (${notRendered.join(', ')} is not rendered here)`);
        }
      }
    }
    const lib = layer.startsWith('lib/') ? layer.slice(4) : '';
    if (PURE.has(lib) || lib === 'page') {
      for (const g of globals) out.push(`${file}:${g.line}: uses the global '${g.name}': lib/${lib} is ${PURE.has(lib) ? 'pure' : 'given its document'} (lib/README.md)`);
    }
  }
  return out;
}

/** Import cycles among `files`, each as a list of files. */
function importCycles(files: string[], sources: Record<string, string> = {}): string[][] {
  const edges = new Map(files.map((f) => [f, readImports(f, sources[f]).imports.flatMap((i) => (i.target && files.includes(i.target) ? [i.target] : []))]));
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const walk = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const g of edges.get(f) ?? []) {
      if (state.get(g) === 'open') cycles.push([...stack.slice(stack.indexOf(g)), g]);
      else if (!state.has(g)) walk(g);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) walk(f);
  return cycles;
}

const FILES = SOURCE_ROOTS.flatMap((r) => [...sourceFiles(join(ROOT, r))]).map((f) => relative(ROOT, f)).sort();

describe('the layers (lib/README.md)', () => {
  it('every lib/ folder says what it may import', () => {
    const folders = readdirSync(join(ROOT, 'lib')).filter((n) => statSync(join(ROOT, 'lib', n)).isDirectory());
    expect(folders.filter((n) => !libRules().has(`lib/${n}`))).toEqual([]);
    expect(readdirSync(join(ROOT, 'lib')).filter((n) => /\.tsx?$/.test(n))).toEqual([]); // nothing outside a layer
  });

  it('no file breaks its layer’s rules', () => {
    expect(layerViolations(FILES)).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(importCycles(FILES).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('catches a wrong import, naming the file, the import and the rule', () => {
    // The checker itself, on files it must refuse: a rule cannot silently stop working.
    const bad = {
      'lib/pipeline/bad.ts': "import { openDb } from '@/lib/storage/db';\nimport Dexie from 'dexie';\nexport const t = document.title;\n",
      'entrypoints/content/bad.ts': "import { quoteState } from '@/components/QuoteCard';\nimport { SourceList } from '@/components/SourceList';\nexport const x = quoteState;\n",
      'lib/match/bad.ts': "import { x } from '../pipeline/text';\n",
    };
    expect(layerViolations(Object.keys(bad), bad)).toEqual([
      "lib/pipeline/bad.ts: import '@/lib/storage/db': lib/pipeline may import only lib/model, lib/pipeline (lib/pipeline/README.md), not lib/storage",
      "lib/pipeline/bad.ts: import 'dexie': lib/pipeline may not import the package dexie",
      "lib/pipeline/bad.ts:3: uses the global 'document': lib/pipeline is pure (lib/README.md)",
      "entrypoints/content/bad.ts: import '@/components/QuoteCard': an entrypoint imports a component only to render it (quoteState is not rendered here)",
      "entrypoints/content/bad.ts: import '@/components/SourceList': an entrypoint imports a component only to render it (SourceList is not rendered here)",
      "lib/match/bad.ts: import '../pipeline/text': import project files by @/ paths, not relative ones",
    ]);
    const cycle = { 'lib/model/a.ts': "import { b } from '@/lib/model/b';\n", 'lib/model/b.ts': "import { a } from '@/lib/model/a';\n" };
    expect(importCycles(Object.keys(cycle), cycle)).toEqual([['lib/model/a.ts', 'lib/model/b.ts', 'lib/model/a.ts']]);
  });
});

