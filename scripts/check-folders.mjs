// Folder-level import check: no two folders of src/ may import each other, even through others.
// Biome's noImportCycles sees files; this sees folders (the first level under src/; files at its root are "(root)"),
// so `label` and `explore` cannot lean on each other through files that are each acyclic.
// Usage: node scripts/check-folders.mjs [srcDir]; exits 1 naming each cycle.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";

// Static imports and re-exports, side-effect imports, and dynamic import() with a literal path.
const specifiers = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s*)["'](\.{1,2}\/[^"']+)["']/gm;

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

// The file an import names: TS sources import "./x.js" for x.ts, or name a folder for its index.ts.
function resolveImport(from, spec) {
  const base = join(dirname(from), spec);
  return [base.replace(/\.js$/, ".ts"), base, `${base}.ts`, join(base, "index.ts")].find((p) => existsSync(p) && statSync(p).isFile());
}

/** Folder → folders it imports, with one file-level witness per edge so a failure says where to look. */
export function folderGraph(srcRoot) {
  const srcDir = resolve(srcRoot);
  const folderOf = (file) => {
    const parts = relative(srcDir, file).split(sep);
    return parts.length > 1 ? parts[0] : "(root)";
  };
  const graph = new Map();
  for (const file of sourceFiles(srcDir)) {
    const from = folderOf(file);
    if (!graph.has(from)) graph.set(from, new Map());
    for (const m of readFileSync(file, "utf8").matchAll(specifiers)) {
      const target = resolveImport(file, m[1]);
      if (!target?.startsWith(srcDir + sep)) continue;
      const to = folderOf(target);
      if (to !== from && !graph.get(from).has(to)) graph.get(from).set(to, `${relative(srcDir, file)} → ${relative(srcDir, target)}`);
    }
  }
  return graph;
}

/** Strongly connected components of more than one folder (Tarjan): the folders caught in cycles. */
function tangles(graph) {
  let next = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const found = [];
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const component = stack.splice(stack.indexOf(v));
      if (component.length > 1) found.push(new Set(component));
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

/** Each folder's shortest way back to itself inside its tangle, as [a, b, …, a]; one entry per distinct cycle. */
export function folderCycles(graph) {
  const cycles = new Map();
  for (const tangle of tangles(graph)) {
    for (const start of [...tangle].sort()) {
      const cameFrom = new Map([[start, undefined]]);
      const queue = [start];
      let last;
      while (queue.length > 0 && last === undefined) {
        const v = queue.shift();
        for (const w of graph.get(v).keys()) {
          if (!tangle.has(w)) continue;
          if (w === start) {
            last = v;
            break;
          }
          if (!cameFrom.has(w)) {
            cameFrom.set(w, v);
            queue.push(w);
          }
        }
      }
      const path = [start];
      for (let v = last; v !== start; v = cameFrom.get(v)) path.splice(1, 0, v);
      // The same cycle found from another of its folders is written from its first folder.
      const from = path.indexOf([...path].sort()[0]);
      const cycle = [...path.slice(from), ...path.slice(0, from)];
      cycles.set(cycle.join(" → "), [...cycle, cycle[0]]);
    }
  }
  return [...cycles.values()];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const srcDir = process.argv[2] ?? "src";
  const graph = folderGraph(srcDir);
  const cycles = folderCycles(graph);
  for (const cycle of cycles) {
    console.error(`folder cycle in ${srcDir}/: ${cycle.join(" → ")}`);
    for (let i = 1; i < cycle.length; i++) console.error(`  ${graph.get(cycle[i - 1]).get(cycle[i])}`);
  }
  if (cycles.length > 0) process.exit(1);
}
