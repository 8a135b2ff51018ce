import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join, relative, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import ts from 'typescript';

const root = join(__dirname, '..', '..');

/** Modules that something outside TypeScript's imports loads: VS Code, esbuild's entry points, the sandbox's CLI. */
const ENTRY_POINTS = new Set(['src/extension.ts', 'src/sandbox/index.ts', 'src/sandbox/main.ts', 'src/core/http/undiciLoad.ts', 'src/vscode/features.ts']);

function program(): ts.Program {
  const configPath = join(root, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  assert.ok(config, 'tsconfig.json is readable');
  return ts.createProgram(config.fileNames, config.options);
}

function resolveModule(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(fromFile), specifier).replace(/\.(ts|js|mjs|mts)$/, '');
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) if (existsSync(candidate)) return relative(root, candidate);
  return undefined;
}

/** For each module, the names other modules import from it ('*' when they take the whole module). */
function importedNames(sourceFiles: readonly ts.SourceFile[]): Map<string, Set<string>> {
  const used = new Map<string, Set<string>>();
  const use = (module: string | undefined, name: string) => {
    if (!module) return;
    const names = used.get(module) ?? new Set<string>();
    names.add(name);
    used.set(module, names);
  };
  for (const file of sourceFiles) {
    const visit = (node: ts.Node): void => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        const module = resolveModule(file.fileName, node.moduleSpecifier.text);
        const clause = ts.isImportDeclaration(node) ? node.importClause : undefined;
        const bindings = ts.isImportDeclaration(node) ? clause?.namedBindings : node.exportClause;
        if (clause?.name) use(module, 'default');
        if (!bindings || ts.isNamespaceImport(bindings) || ts.isNamespaceExport(bindings)) {
          if (bindings || ts.isExportDeclaration(node)) use(module, '*');
        } else {
          for (const element of bindings.elements) use(module, (element.propertyName ?? element.name).text);
        }
      } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
        use(resolveModule(file.fileName, node.argument.literal.text), '*');
      } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
        const isLoad = node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require');
        if (isLoad) use(resolveModule(file.fileName, (node.arguments[0]).text), '*');
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return used;
}

test('every exported value of a source module is imported by another module (or the module is an entry point)', () => {
  const built = program();
  const checker = built.getTypeChecker();
  const files = built.getSourceFiles().filter((file) => !file.isDeclarationFile && !file.fileName.includes('node_modules'));
  const sources = files.filter((file) => relative(root, file.fileName).startsWith('src/'));
  assert.ok(sources.length > 50, 'the program holds the sources');
  const used = importedNames(files);
  const unused: string[] = [];
  for (const file of sources) {
    const path = relative(root, file.fileName);
    if (ENTRY_POINTS.has(path)) continue;
    const names = used.get(path) ?? new Set<string>();
    if (names.has('*')) continue;
    const symbol = checker.getSymbolAtLocation(file);
    for (const exported of symbol ? checker.getExportsOfModule(symbol) : []) {
      // Types named in exported signatures are part of those signatures; only values are checked.
      const isType = (exported.flags & (ts.SymbolFlags.Type | ts.SymbolFlags.Alias)) !== 0 && (exported.flags & ts.SymbolFlags.Value) === 0;
      if (!isType && !names.has(exported.name)) unused.push(`${path}: ${exported.name}`);
    }
  }
  assert.deepEqual(unused, [], 'exported but never imported: drop the export, or the code if nothing uses it');
});
