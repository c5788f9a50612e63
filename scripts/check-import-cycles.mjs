// `npm run lint` runs this: it fails when the files under src/ import one another in a cycle, type-only imports
// included (a type-only cycle still ties the files' designs together, and one value import turns it into a
// load-order bug). Prints each cycle as a path of files.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = new Set(sources(join(root, 'src')));
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function target(from, specifier) {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  return [base, `${base}.ts`, join(base, 'index.ts')].find((candidate) => files.has(candidate)) ?? null;
}

const edges = new Map(
  [...files].map((file) => {
    const text = readFileSync(file, 'utf8');
    const out = new Set();
    for (const match of text.matchAll(IMPORT)) {
      const to = target(file, match[1] ?? match[2]);
      if (to) out.add(to);
    }
    return [file, [...out]];
  }),
);

// Tarjan's strongly connected components: every component of more than one file (or a file importing itself) is a cycle.
let counter = 0;
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const components = [];
function visit(v) {
  index.set(v, counter);
  low.set(v, counter);
  counter += 1;
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v)) {
    if (!index.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) {
      low.set(v, Math.min(low.get(v), index.get(w)));
    }
  }
  if (low.get(v) === index.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || edges.get(v).includes(v)) components.push(component);
  }
}
for (const file of files) if (!index.has(file)) visit(file);

/** One shortest cycle through the component's first file, to show where to cut. */
function cycleThrough(component) {
  const inside = new Set(component);
  const start = component[0];
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift();
    for (const w of edges.get(v)) {
      if (w === start) {
        const path = [v];
        for (let p = previous.get(v); p !== null; p = previous.get(p)) path.unshift(p);
        return [...path, start];
      }
      if (inside.has(w) && !previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return component;
}

if (components.length > 0) {
  for (const component of components) {
    process.stderr.write(
      `import cycle among ${component.length} files:\n  ${cycleThrough(component)
        .map((f) => relative(root, f))
        .join('\n  → ')}\n`,
    );
  }
  process.exit(1);
}
