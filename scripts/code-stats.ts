// Prints the shape of the code: files and lines per folder, the longest functions, and import cycles (issue notes).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FOLDERS = ['lib', 'components', 'entrypoints', 'scripts', 'test'];

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) continue;
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx)$/.test(name)) yield path;
  }
}

const files = FOLDERS.flatMap((f) => [...sourceFiles(join(root, f))]);
const perFolder = new Map<string, { files: number; lines: number }>();
const functions: Array<{ name: string; file: string; lines: number }> = [];
const imports = new Map<string, string[]>();

for (const file of files) {
  const rel = relative(root, file);
  const text = readFileSync(file, 'utf8');
  const folder = dirname(rel);
  const entry = perFolder.get(folder) ?? { files: 0, lines: 0 };
  entry.files++;
  entry.lines += text.split('\n').length;
  perFolder.set(folder, entry);
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const deps: string[] = [];
  const visit = (node: ts.Node, owner: string) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      deps.push(node.moduleSpecifier.text);
    }
    let name = owner;
    if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
      const declared = (node as ts.FunctionDeclaration).name?.getText(sf)
        ?? (ts.isVariableDeclaration(node.parent) ? node.parent.name.getText(sf) : ts.isPropertyAssignment(node.parent) ? node.parent.name.getText(sf) : '(anonymous)');
      name = owner ? `${owner} > ${declared}` : declared;
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.getEnd()).line;
      if (!rel.startsWith('test/')) functions.push({ name, file: rel, lines: end - start + 1 });
    }
    ts.forEachChild(node, (child) => visit(child, name));
  };
  visit(sf, '');
  const resolved = deps.flatMap((d) => {
    const base = d.startsWith('@/') ? join(root, d.slice(2)) : d.startsWith('.') ? resolve(dirname(file), d) : null;
    if (!base) return [];
    for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
      try {
        if (statSync(candidate).isFile()) return [relative(root, candidate)];
      } catch { /* next */ }
    }
    return [];
  });
  imports.set(rel, resolved);
}

console.log('Files and lines per folder');
for (const [folder, { files: n, lines }] of [...perFolder].sort()) console.log(`  ${folder.padEnd(34)} ${String(n).padStart(3)} files ${String(lines).padStart(6)} lines`);
console.log('\nThe ten longest functions (outside test/)');
for (const f of functions.sort((a, b) => b.lines - a.lines).slice(0, 10)) console.log(`  ${String(f.lines).padStart(4)}  ${f.file}  ${f.name}`);

// Import cycles: strongly connected components of more than one file (Tarjan).
let index = 0;
const stack: string[] = [];
const meta = new Map<string, { index: number; low: number; on: boolean }>();
const cycles: string[][] = [];
const strong = (v: string) => {
  meta.set(v, { index, low: index, on: true });
  index++;
  stack.push(v);
  for (const w of imports.get(v) ?? []) {
    if (!meta.has(w)) {
      strong(w);
      meta.get(v)!.low = Math.min(meta.get(v)!.low, meta.get(w)!.low);
    } else if (meta.get(w)!.on) meta.get(v)!.low = Math.min(meta.get(v)!.low, meta.get(w)!.index);
  }
  if (meta.get(v)!.low === meta.get(v)!.index) {
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      meta.get(w)!.on = false;
      component.push(w);
    } while (w !== v);
    if (component.length > 1) cycles.push(component);
  }
};
for (const v of imports.keys()) if (!meta.has(v)) strong(v);
console.log(`\nImport cycles: ${cycles.length}`);
for (const c of cycles) console.log(`  ${c.join(' <-> ')}`);
