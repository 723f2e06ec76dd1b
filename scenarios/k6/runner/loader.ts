/**
 * Loads a k6 script (TypeScript or JavaScript) and its local modules for
 * Node: type-strips and turns ES modules into CommonJS with the TypeScript
 * compiler, resolves `k6`, `k6/http`, `k6/metrics`, `k6/execution`, `k6/data`
 * and `k6/timers` to the runner's implementation, and refuses at start any
 * other import (`k6/ws`, `k6/browser`, a remote `https://jslib…` module, an
 * npm package) or any k6 function the runner does not implement, naming it.
 *
 * Blocking calls. In k6, `sleep()` and `http.get()`/`post()`/… block the VU
 * (https://grafana.com/docs/k6/latest/javascript-api/k6/sleep/). Node runs
 * every VU on one thread, so a VU can only wait by awaiting. The loader
 * rewrites each such call `sleep(1)` into `(await sleep(1))`; k6 itself
 * accepts `await sleep(1)` (awaiting a non-promise is a no-op), so scripts
 * may also write the `await` themselves. The enclosing function must then be
 * async; the loader makes it so when it is
 *   - a top-level function (exported or a helper; the helper's own call
 *     sites are then awaited too, across local modules), or
 *   - the callback of `group(name, fn)` (the `group` call is then awaited).
 * Anything else (a blocking call inside a nested callback, a class method or
 * a generator that is not async, or in the init context) is refused at start
 * with its file:line, because awaiting there would silently change what the
 * script does.
 *
 * Each VU gets its own instance of every module (as k6 gives each VU its own
 * JS runtime); `__VU`, `__ITER` and `__ENV` are per-VU bindings.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import type ts from 'typescript';
import { EXIT, K6RunError } from './errors.js';

// require() rather than import: Node's ESM loader would first scan the 9 MB
// CommonJS compiler for its exports, which costs about a second at start.
const tsc = createRequire(import.meta.url)('typescript') as typeof ts;

/** The k6 modules the runner implements, with the members it implements. */
export const K6_MODULES: Readonly<Record<string, readonly string[]>> = {
  k6: ['check', 'fail', 'group', 'sleep'],
  'k6/http': [
    'get',
    'post',
    'put',
    'patch',
    'del',
    'head',
    'options',
    'request',
    'asyncRequest',
    'batch',
    'expectedStatuses',
    'setResponseCallback',
    'url',
  ],
  'k6/metrics': ['Counter', 'Gauge', 'Rate', 'Trend'],
  'k6/execution': ['scenario', 'instance', 'vu', 'test'],
  'k6/data': ['SharedArray'],
  'k6/timers': ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'],
};

/** Second-level members of `k6/execution` objects. */
const EXECUTION_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  scenario: ['name', 'executor', 'startTime', 'progress', 'iterationInInstance', 'iterationInTest'],
  instance: [
    'iterationsInterrupted',
    'iterationsCompleted',
    'vusActive',
    'vusInitialized',
    'currentTestRunDuration',
  ],
  vu: ['iterationInInstance', 'iterationInScenario', 'idInInstance', 'idInTest', 'tags', 'metrics'],
  test: ['abort', 'fail', 'options'],
};

/** Response methods that need `k6/html`, refused wherever a k6/http script calls them. */
const RESPONSE_HTML = ['html', 'clickLink', 'submitForm'];

const BLOCKING: Readonly<Record<string, readonly string[]>> = {
  k6: ['sleep'],
  'k6/http': ['get', 'post', 'put', 'patch', 'del', 'head', 'options', 'request', 'batch'],
};

/** `(exports, require, module, __filename, __dirname, open, console, __k6bind)`. */
export type ModuleFactory = (
  exports: Record<string, unknown>,
  require: (specifier: string) => unknown,
  module: { exports: Record<string, unknown> },
  filename: string,
  dirname: string,
  open: (path: string, mode?: string) => string | ArrayBuffer,
  console: Console,
  bind: (setter: (vu: number, iter: number, env: Record<string, string>) => void) => void,
) => void;

export interface CompiledModule {
  path: string;
  factory: ModuleFactory;
  /** Specifier → absolute path (local module) or k6 module name. */
  deps: Map<string, { kind: 'local'; path: string } | { kind: 'k6'; name: string }>;
  /** Export names whose functions the loader made async (their callers must await). */
  asyncified: Set<string>;
}

export interface ScriptBundle {
  entry: string;
  modules: Map<string, CompiledModule>;
}

const EXTENSIONS = ['.ts', '.mts', '.js', '.mjs', '.cjs'];

/** Loads, checks and compiles the script and its local modules; throws a K6RunError (107) listing every problem. */
export function loadScript(scriptPath: string): ScriptBundle {
  const entry = resolve(scriptPath);
  if (!existsSync(entry) || !statSync(entry).isFile()) {
    throw new K6RunError(`${scriptPath}: no such script file`, EXIT.scriptException);
  }
  const modules = new Map<string, CompiledModule>();
  const problems: string[] = [];
  const visiting = new Set<string>();
  const visit = (path: string): CompiledModule | undefined => {
    const done = modules.get(path);
    if (done) return done;
    if (visiting.has(path)) return undefined; // a cycle: its asyncified exports are not yet known
    visiting.add(path);
    const compiled = compileModule(path, problems, visit);
    visiting.delete(path);
    if (compiled) modules.set(path, compiled);
    return compiled;
  };
  visit(entry);
  if (problems.length > 0) {
    const n = problems.length;
    throw new K6RunError(
      `${scriptPath}: ${n} problem${n === 1 ? '' : 's'} before the test could start:\n  ${problems.join('\n  ')}`,
      EXIT.scriptException,
    );
  }
  return { entry, modules };
}

type Binding =
  | { kind: 'k6-named'; module: string; member: string }
  | { kind: 'k6-namespace'; module: string }
  | { kind: 'local-named'; path: string; member: string }
  | { kind: 'local-namespace'; path: string };

function resolveLocal(from: string, specifier: string): string | undefined {
  const base = specifier.startsWith('file://') ? fileURLToPath(specifier) : specifier;
  const target = isAbsolute(base) ? base : resolve(dirname(from), base);
  const candidates = [target];
  if (/\.(m|c)?js$/.test(target)) {
    const stem = target.replace(/\.(m|c)?js$/, '');
    candidates.push(`${stem}.ts`, `${stem}.mts`);
  }
  for (const ext of EXTENSIONS) candidates.push(target + ext);
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

function classify(
  from: string,
  specifier: string,
):
  | { kind: 'k6'; name: string }
  | { kind: 'local'; path: string }
  | { kind: 'refused'; why: string } {
  if (specifier in K6_MODULES) return { kind: 'k6', name: specifier };
  if (specifier === 'k6' || specifier.startsWith('k6/')) {
    return {
      kind: 'refused',
      why: `k6 module '${specifier}' is not supported by slalab's k6 runner (it supports ${Object.keys(K6_MODULES).join(', ')})`,
    };
  }
  if (/^https?:\/\//.test(specifier)) {
    return {
      kind: 'refused',
      why: `remote module '${specifier}' is not supported by slalab's k6 runner; vendor the code into a local file`,
    };
  }
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('file://')) {
    const path = resolveLocal(from, specifier);
    return path
      ? { kind: 'local', path }
      : { kind: 'refused', why: `local module '${specifier}' not found` };
  }
  return {
    kind: 'refused',
    why: `module '${specifier}' cannot be imported: k6 scripts import k6 modules and local files (npm packages and Node built-ins are not available in k6)`,
  };
}

function compileModule(
  path: string,
  problems: string[],
  visit: (path: string) => CompiledModule | undefined,
): CompiledModule | undefined {
  const source = readFileSync(path, 'utf8');
  const sf = tsc.createSourceFile(path, source, tsc.ScriptTarget.ES2022, true, scriptKind(path));
  const where = (node: ts.Node) => {
    const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    return `${path}:${line + 1}:${character + 1}`;
  };
  const before = problems.length;
  const deps: CompiledModule['deps'] = new Map();
  const bindings = new Map<string, Binding>();

  // 1. Imports: classify, record bindings, recurse into local modules first.
  for (const stmt of sf.statements) {
    if (!tsc.isImportDeclaration(stmt) && !tsc.isExportDeclaration(stmt)) continue;
    if (!stmt.moduleSpecifier || !tsc.isStringLiteral(stmt.moduleSpecifier)) continue;
    const spec = stmt.moduleSpecifier.text;
    if (tsc.isImportDeclaration(stmt) && stmt.importClause?.isTypeOnly) continue;
    if (tsc.isExportDeclaration(stmt) && stmt.isTypeOnly) continue;
    if (spec === 'k6/options') continue; // types only
    const c = classify(path, spec);
    if (c.kind === 'refused') {
      problems.push(`${where(stmt)}: ${c.why}`);
      continue;
    }
    deps.set(spec, c);
    if (c.kind === 'local') visit(c.path);
    if (!tsc.isImportDeclaration(stmt) || !stmt.importClause) continue;
    const clause = stmt.importClause;
    if (clause.name) {
      bindings.set(
        clause.name.text,
        c.kind === 'k6'
          ? { kind: 'k6-namespace', module: c.name }
          : { kind: 'local-named', path: c.path, member: 'default' },
      );
    }
    const nb = clause.namedBindings;
    if (nb && tsc.isNamespaceImport(nb)) {
      bindings.set(
        nb.name.text,
        c.kind === 'k6'
          ? { kind: 'k6-namespace', module: c.name }
          : { kind: 'local-namespace', path: c.path },
      );
    } else if (nb && tsc.isNamedImports(nb)) {
      for (const el of nb.elements) {
        if (el.isTypeOnly) continue;
        const member = (el.propertyName ?? el.name).text;
        bindings.set(
          el.name.text,
          c.kind === 'k6'
            ? { kind: 'k6-named', module: c.name, member }
            : { kind: 'local-named', path: c.path, member },
        );
      }
    }
  }
  // 2. Walk value positions: check k6 members, find blocking calls.
  const topLevel = topLevelFunctions(sf);
  const blockingCalls: ts.CallExpression[] = [];
  const groupBindings = new Set<string>();
  for (const [name, b] of bindings) {
    if (b.kind === 'k6-named' && b.module === 'k6' && b.member === 'group') groupBindings.add(name);
  }
  const isGroupCall = (call: ts.CallExpression): boolean => {
    const e = call.expression;
    if (tsc.isIdentifier(e)) return groupBindings.has(e.text);
    if (
      tsc.isPropertyAccessExpression(e) &&
      tsc.isIdentifier(e.expression) &&
      e.name.text === 'group'
    ) {
      const b = bindings.get(e.expression.text);
      return b?.kind === 'k6-namespace' && b.module === 'k6';
    }
    return false;
  };
  const asyncifiedImported = (b: Binding, member: string): boolean => {
    if (b.kind !== 'local-named' && b.kind !== 'local-namespace') return false;
    return visit(b.path)?.asyncified.has(member) ?? false;
  };

  const walk = (node: ts.Node): void => {
    if (tsc.isIdentifier(node) && !inTypePosition(node) && isReference(node)) {
      const b = bindings.get(node.text);
      if (b) checkUse(node, b);
    }
    if (tsc.isCallExpression(node) && tsc.isIdentifier(node.expression)) {
      const id = node.expression;
      if (id.text === 'require' && node.arguments.length > 0) {
        const arg = node.arguments[0]!;
        if (tsc.isStringLiteral(arg)) {
          const c = classify(path, arg.text);
          if (c.kind === 'refused') problems.push(`${where(node)}: ${c.why}`);
          else {
            deps.set(arg.text, c);
            if (c.kind === 'local') visit(c.path);
          }
        }
      }
    }
    // Response.html()/clickLink()/submitForm() need k6/html, which the runner does not implement.
    if (
      tsc.isCallExpression(node) &&
      tsc.isPropertyAccessExpression(node.expression) &&
      RESPONSE_HTML.includes(node.expression.name.text) &&
      [...bindings.values()].some((b) => 'module' in b && b.module === 'k6/http')
    ) {
      problems.push(
        `${where(node)}: Response.${node.expression.name.text}() (k6/html) is not supported by slalab's k6 runner`,
      );
    }
    if (node.kind === tsc.SyntaxKind.ImportKeyword && tsc.isCallExpression(node.parent)) {
      problems.push(`${where(node)}: dynamic import() is not supported by slalab's k6 runner`);
    }
    tsc.forEachChild(node, walk);
  };

  const checkUse = (id: ts.Identifier, b: Binding): void => {
    const parent = id.parent;
    if (b.kind === 'k6-named') {
      const member = b.member;
      if (!K6_MODULES[b.module]!.includes(member)) {
        problems.push(
          `${where(id)}: ${b.module}'s ${member} is not supported by slalab's k6 runner`,
        );
        return;
      }
      if (b.module === 'k6/execution') checkExecutionAccess(id, member);
      if (BLOCKING[b.module]?.includes(member)) {
        if (tsc.isCallExpression(parent) && parent.expression === id) blockingCalls.push(parent);
        else
          problems.push(
            `${where(id)}: ${member}() blocks the VU in k6; call it directly (it cannot be passed around as a value here)`,
          );
      }
      return;
    }
    if (b.kind === 'k6-namespace') {
      if (!tsc.isPropertyAccessExpression(parent) || parent.expression !== id) {
        // Only modules with blocking calls must be used as `ns.member(...)`: elsewhere the await would be lost.
        if (BLOCKING[b.module]) {
          problems.push(
            `${where(id)}: use ${b.module} as ${id.text}.member(...); passing the module around as a value is not supported by slalab's k6 runner (its blocking calls could not be awaited)`,
          );
        }
        return;
      }
      const member = parent.name.text;
      if (!K6_MODULES[b.module]!.includes(member)) {
        problems.push(
          `${where(parent)}: ${b.module}'s ${member} is not supported by slalab's k6 runner`,
        );
        return;
      }
      if (b.module === 'k6/execution') checkExecutionAccess(parent, member);
      if (BLOCKING[b.module]?.includes(member)) {
        const call = parent.parent;
        if (tsc.isCallExpression(call) && call.expression === parent) blockingCalls.push(call);
        else
          problems.push(
            `${where(parent)}: ${id.text}.${member}() blocks the VU in k6; call it directly`,
          );
      }
      return;
    }
    // Local bindings: calls to functions the loader made async must be awaited.
    if (b.kind === 'local-named' && asyncifiedImported(b, b.member)) {
      if (tsc.isCallExpression(parent) && parent.expression === id) blockingCalls.push(parent);
      else if (!isExportReference(id)) {
        problems.push(
          `${where(id)}: ${id.text} was made async (it waits in sleep() or http.*), so it must be called directly where its result can be awaited`,
        );
      }
    }
    if (
      b.kind === 'local-namespace' &&
      tsc.isPropertyAccessExpression(parent) &&
      parent.expression === id
    ) {
      if (asyncifiedImported(b, parent.name.text)) {
        const call = parent.parent;
        if (tsc.isCallExpression(call) && call.expression === parent) blockingCalls.push(call);
        else {
          problems.push(
            `${where(parent)}: ${id.text}.${parent.name.text} was made async, so it must be called directly where its result can be awaited`,
          );
        }
      }
    }
  };

  /** `exec.scenario.iterationInTest`: checks the second-level member too. */
  const checkExecutionAccess = (node: ts.Node, member: string | undefined): void => {
    let obj = member;
    let at: ts.Node = node;
    if (obj === undefined) {
      // default import `exec`: the member is the next property access
      if (tsc.isPropertyAccessExpression(node.parent) && node.parent.expression === node) {
        obj = node.parent.name.text;
        at = node.parent;
        if (!K6_MODULES['k6/execution']!.includes(obj)) {
          problems.push(
            `${where(at)}: k6/execution's ${obj} is not supported by slalab's k6 runner`,
          );
          return;
        }
      } else return;
    }
    const next = at.parent;
    if (tsc.isPropertyAccessExpression(next) && next.expression === at) {
      const field = next.name.text;
      if (!EXECUTION_MEMBERS[obj]!.includes(field)) {
        problems.push(
          `${where(next)}: k6/execution's ${obj}.${field} is not supported by slalab's k6 runner`,
        );
      }
    }
  };

  walk(sf);

  // 3. Blocking calls: await each, make the enclosing function async when it is safe.
  const makeAsync = new Set<ts.SignatureDeclaration>();
  const awaited = new Set<ts.CallExpression>();
  const done = new Set<ts.Node>();
  const queue = [...blockingCalls];
  // An async callback given to group() makes the group() call return a promise: await it too.
  const findGroupsWithAsyncCallbacks = (node: ts.Node): void => {
    if (tsc.isCallExpression(node) && isGroupCall(node) && node.arguments.length >= 2) {
      const fn = node.arguments[1]!;
      if ((tsc.isArrowFunction(fn) || tsc.isFunctionExpression(fn)) && isAsync(fn))
        queue.push(node);
    }
    tsc.forEachChild(node, findGroupsWithAsyncCallbacks);
  };
  findGroupsWithAsyncCallbacks(sf);
  while (queue.length > 0) {
    const call = queue.shift()!;
    if (awaited.has(call)) continue;
    awaited.add(call);
    const fn = enclosingFunction(call);
    if (!fn) {
      problems.push(
        `${where(call)}: ${call.expression.getText(sf)}() is called in the init context (module scope); k6 only allows it in VU code, setup() or teardown()`,
      );
      continue;
    }
    if (isAsync(fn) || done.has(fn)) continue;
    done.add(fn);
    const what = call.expression.getText(sf);
    if ((tsc.isFunctionDeclaration(fn) || tsc.isFunctionExpression(fn)) && fn.asteriskToken) {
      problems.push(
        `${where(call)}: ${what}() waits, but it is inside a generator function, which cannot be made async`,
      );
      continue;
    }
    const parent = fn.parent;
    if (tsc.isCallExpression(parent) && parent.arguments[1] === fn && isGroupCall(parent)) {
      makeAsync.add(fn);
      queue.push(parent);
      continue;
    }
    const top = topLevel.byNode.get(fn);
    if (top) {
      makeAsync.add(fn);
      if (top.name) {
        for (const use of top.uses) {
          if (tsc.isCallExpression(use.parent) && use.parent.expression === use)
            queue.push(use.parent);
          else if (!isExportReference(use)) {
            problems.push(
              `${where(use)}: ${top.name} is made async because ${what}() waits inside it, so it must be called directly where its result can be awaited`,
            );
          }
        }
      }
      continue;
    }
    problems.push(
      `${where(call)}: ${what}() waits (k6 blocks the VU; slalab's runner awaits), but the function around it is not async and is not a top-level function or a group() callback; make that function async and await it`,
    );
  }

  // Exports whose functions were made async, for the modules importing this one.
  const asyncified = new Set<string>();
  for (const fn of makeAsync) {
    const top = topLevel.byNode.get(fn);
    if (top) for (const e of top.exports) asyncified.add(e);
  }

  if (problems.length > before) return undefined;

  // 4. Apply the edits (from the end, so positions stay valid), transpile, compile.
  const edits: Array<{ pos: number; text: string }> = [];
  for (const fn of makeAsync) edits.push({ pos: asyncInsertPos(fn, sf), text: 'async ' });
  for (const call of awaited) {
    if (tsc.isAwaitExpression(call.parent)) continue;
    edits.push({ pos: call.getStart(sf), text: '(await ' });
    edits.push({ pos: call.getEnd(), text: ')' });
  }
  edits.sort((a, b) => b.pos - a.pos || (a.text === ')' ? -1 : 1));
  let edited = source;
  for (const e of edits) edited = edited.slice(0, e.pos) + e.text + edited.slice(e.pos);

  const out = tsc.transpileModule(edited, {
    fileName: path,
    reportDiagnostics: true,
    compilerOptions: {
      module: tsc.ModuleKind.CommonJS,
      target: tsc.ScriptTarget.ES2022,
      esModuleInterop: true,
      inlineSourceMap: true,
      allowJs: true,
    },
  });
  const diagnostics = (out.diagnostics ?? []).filter(
    (d) => d.category === tsc.DiagnosticCategory.Error,
  );
  if (diagnostics.length > 0) {
    for (const d of diagnostics) {
      const pos =
        d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      problems.push(
        `${path}${pos ? `:${pos.line + 1}:${pos.character + 1}` : ''}: ${tsc.flattenDiagnosticMessageText(d.messageText, '\n')}`,
      );
    }
    return undefined;
  }
  const wrapped =
    '(function (exports, require, module, __filename, __dirname, open, console, __k6bind) {"use strict"; ' +
    'let __VU = 0, __ITER = 0, __ENV = {}; __k6bind((v, i, e) => { __VU = v; __ITER = i; __ENV = e; }); ' +
    out.outputText.replace(/^"use strict";/, '') +
    '\n})';
  let factory: ModuleFactory;
  try {
    factory = new vm.Script(wrapped, { filename: path }).runInThisContext() as ModuleFactory;
  } catch (error) {
    problems.push(`${path}: ${(error as Error).message}`);
    return undefined;
  }
  return { path, factory, deps, asyncified };
}

function scriptKind(path: string): ts.ScriptKind {
  if (/\.(m|c)?ts$/.test(path)) return tsc.ScriptKind.TS;
  return tsc.ScriptKind.JS;
}

function isAsync(fn: ts.SignatureDeclaration): boolean {
  return (tsc.getCombinedModifierFlags(fn as ts.Declaration) & tsc.ModifierFlags.Async) !== 0;
}

function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (
      tsc.isFunctionDeclaration(n) ||
      tsc.isFunctionExpression(n) ||
      tsc.isArrowFunction(n) ||
      tsc.isMethodDeclaration(n) ||
      tsc.isConstructorDeclaration(n) ||
      tsc.isGetAccessor(n) ||
      tsc.isSetAccessor(n)
    ) {
      return n;
    }
    if (tsc.isClassStaticBlockDeclaration(n)) return undefined;
  }
  return undefined;
}

function asyncInsertPos(fn: ts.SignatureDeclaration, sf: ts.SourceFile): number {
  if (tsc.isArrowFunction(fn)) return fn.getStart(sf);
  const kw = fn.getChildren(sf).find((c) => c.kind === tsc.SyntaxKind.FunctionKeyword);
  return (kw ?? fn).getStart(sf);
}

function inTypePosition(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (tsc.isTypeNode(n) || tsc.isInterfaceDeclaration(n) || tsc.isTypeAliasDeclaration(n))
      return true;
    if (
      tsc.isExpressionWithTypeArguments(n) &&
      tsc.isHeritageClause(n.parent) &&
      tsc.isInterfaceDeclaration(n.parent.parent)
    ) {
      return true;
    }
    if (tsc.isStatement(n)) return false;
  }
  return false;
}

/** An identifier used as a value (not a declaration name, property name or import specifier). */
function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (tsc.isImportSpecifier(p) || tsc.isImportClause(p) || tsc.isNamespaceImport(p)) return false;
  if (tsc.isPropertyAccessExpression(p) && p.name === id) return false;
  if (tsc.isPropertyAssignment(p) && p.name === id) return false;
  if (tsc.isMethodDeclaration(p) && p.name === id) return false;
  if (tsc.isPropertyDeclaration(p) && p.name === id) return false;
  if (tsc.isPropertySignature(p) || tsc.isMethodSignature(p)) return false;
  if (
    (tsc.isVariableDeclaration(p) || tsc.isFunctionDeclaration(p) || tsc.isParameter(p)) &&
    p.name === id
  )
    return false;
  if (tsc.isFunctionExpression(p) || tsc.isClassDeclaration(p) || tsc.isClassExpression(p))
    return p.name !== id;
  if (tsc.isBindingElement(p) && (p.name === id || p.propertyName === id)) return false;
  if (tsc.isLabeledStatement(p) || tsc.isBreakOrContinueStatement(p)) return false;
  if (tsc.isExportSpecifier(p) && p.name === id && p.propertyName) return false;
  return true;
}

function isExportReference(id: ts.Identifier): boolean {
  return tsc.isExportSpecifier(id.parent) || tsc.isExportAssignment(id.parent);
}

interface TopLevelFunction {
  name: string | undefined;
  /** Export names it is reachable by from other modules. */
  exports: string[];
  /** Value references to its name in this module. */
  uses: ts.Identifier[];
}

/** Top-level functions (declarations, `const f = () => …`, `export default …`) and their uses. */
function topLevelFunctions(sf: ts.SourceFile): { byNode: Map<ts.Node, TopLevelFunction> } {
  const byNode = new Map<ts.Node, TopLevelFunction>();
  const byName = new Map<string, TopLevelFunction>();
  const exported = (node: ts.Node) =>
    tsc.canHaveModifiers(node) &&
    (tsc.getModifiers(node) ?? []).some((m) => m.kind === tsc.SyntaxKind.ExportKeyword);
  const isDefault = (node: ts.Node) =>
    tsc.canHaveModifiers(node) &&
    (tsc.getModifiers(node) ?? []).some((m) => m.kind === tsc.SyntaxKind.DefaultKeyword);
  for (const stmt of sf.statements) {
    if (tsc.isFunctionDeclaration(stmt)) {
      const name = stmt.name?.text;
      const info: TopLevelFunction = { name, exports: [], uses: [] };
      if (exported(stmt)) info.exports.push(isDefault(stmt) ? 'default' : name!);
      byNode.set(stmt, info);
      if (name) byName.set(name, info);
    } else if (tsc.isVariableStatement(stmt)) {
      for (const decl of stmt.declarationList.declarations) {
        const init = decl.initializer;
        if (!tsc.isIdentifier(decl.name) || !init) continue;
        if (!tsc.isArrowFunction(init) && !tsc.isFunctionExpression(init)) continue;
        const info: TopLevelFunction = { name: decl.name.text, exports: [], uses: [] };
        if (exported(stmt)) info.exports.push(decl.name.text);
        byNode.set(init, info);
        byName.set(decl.name.text, info);
      }
    } else if (tsc.isExportAssignment(stmt)) {
      const e = stmt.expression;
      if (tsc.isArrowFunction(e) || tsc.isFunctionExpression(e)) {
        byNode.set(e, { name: undefined, exports: ['default'], uses: [] });
      } else if (tsc.isIdentifier(e)) {
        byName.get(e.text)?.exports.push('default');
      }
    } else if (
      tsc.isExportDeclaration(stmt) &&
      !stmt.moduleSpecifier &&
      stmt.exportClause &&
      tsc.isNamedExports(stmt.exportClause)
    ) {
      for (const el of stmt.exportClause.elements) {
        byName.get((el.propertyName ?? el.name).text)?.exports.push(el.name.text);
      }
    }
  }
  const collect = (node: ts.Node): void => {
    if (
      tsc.isIdentifier(node) &&
      byName.has(node.text) &&
      isReference(node) &&
      !inTypePosition(node)
    ) {
      byName.get(node.text)!.uses.push(node);
    }
    tsc.forEachChild(node, collect);
  };
  collect(sf);
  return { byNode };
}

/** Resolves a module's dependency for `require`, as recorded at load time. */
export function dependency(
  module: CompiledModule,
  specifier: string,
): { kind: 'local'; path: string } | { kind: 'k6'; name: string } {
  const dep = module.deps.get(specifier);
  if (!dep) {
    throw new Error(
      `require('${specifier}') was not seen when the script was loaded (slalab's k6 runner needs literal module names)`,
    );
  }
  return dep;
}
