// Build script: type-check, then bundle the extension, the CLI and (with --tests) the tests.
// Exits non-zero on any error, so `npm test` and CI stop at a broken build.
'use strict';
const esbuild = require('esbuild');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const withTests = args.has('--tests');
const skipTypecheck = args.has('--no-typecheck');
const withVscodeTests = args.has('--vscode-tests');

function listTests(dir, pattern = /\.test\.ts$/) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTests(full, pattern));
    else if (pattern.test(entry.name)) out.push(full);
  }
  return out.sort();
}

function typecheck() {
  const tsc = require.resolve('typescript/bin/tsc');
  // The webview client and the browser tests have their own projects: they need the DOM
  // types, which the rest must not see.
  for (const project of ['.', 'src/webview', 'test/browser']) {
    const res = spawnSync(process.execPath, [tsc, '--noEmit', '-p', project], { stdio: 'inherit' });
    if (res.status !== 0) throw new Error(`type check failed (${project})`);
  }
}

// The run report's client (drawing code and styles), shared by the webview and the
// standalone HTML file: bundled to one IIFE, written to media/ for the webview, and
// inlined into the other bundles as constants for `toHtml`.
async function buildReportClient() {
  const js = await esbuild.build({
    entryPoints: ['src/webview/report.ts'],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome114', 'firefox115', 'safari16'],
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  });
  const css = await esbuild.build({
    entryPoints: ['src/webview/report.css'],
    bundle: true,
    minify: true,
    write: false,
    logLevel: 'warning',
  });
  const script = js.outputFiles[0].text;
  const style = css.outputFiles[0].text;
  fs.mkdirSync('media', { recursive: true });
  fs.writeFileSync('media/report.js', script);
  fs.writeFileSync('media/report.css', style);
  return { __BATCH_HTTP_REPORT_JS__: JSON.stringify(script), __BATCH_HTTP_REPORT_CSS__: JSON.stringify(style) };
}

/** Packages the extension loads from their own file in dist/ (package, file name). */
const VENDOR = [
  ['yaml', 'yaml.js'],
  ['xpath', 'xpath.js'],
  ['@xmldom/xmldom', 'xmldom.js'],
  // The cookie jar (RFC 6265 with the public suffix list, about 170 KB minified): loaded at a
  // run's first Set-Cookie only, so neither host compiles it at start-up.
  ['tough-cookie', 'tough-cookie.js'],
];
/** The CLI bundles every package but the cookie jar: its code cache (launcher.ts) covers the rest. */
const CLI_VENDOR = VENDOR.filter(([pkg]) => pkg === 'tough-cookie');

/**
 * Leaves `pkg` out of a bundle: it is required from `file`, a sibling bundle in dist/. The
 * bundle gets a one-line module in its place that calls `require`, so an `import()` of the
 * package stays a plain `require` (a dynamic `import()` would not work in the CLI, whose
 * launcher runs the program as a vm.Script).
 */
function vendorFile(pkg, file) {
  return {
    name: `vendor-${pkg}`,
    setup(build) {
      build.onResolve({ filter: new RegExp(`^${pkg.replace(/[/@]/g, '\\$&')}$`) }, () => ({ path: pkg, namespace: 'vendor' }));
      build.onResolve({ filter: /^\.\/[\w.-]+\.js$/, namespace: 'vendor' }, (args) => ({ path: args.path, external: true }));
      build.onLoad({ filter: /.*/, namespace: 'vendor' }, (args) => (args.path === pkg ? { contents: `module.exports = require(${JSON.stringify(file)});`, loader: 'js' } : undefined));
    },
  };
}

async function main() {
  if (!skipTypecheck && !watch) typecheck();
  const define = await buildReportClient();
  const common = {
    define,
    bundle: true,
    platform: 'node',
    target: 'node20',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    legalComments: 'none',
  };
  const builds = [
    { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', format: 'cjs', external: ['vscode'], plugins: VENDOR.map(([pkg, file]) => vendorFile(pkg, `./${file}`)) },
    // Libraries the extension requires from files of their own beside extension.js (the YAML
    // writer of the Artillery export, XPath over XML bodies): vsce flags a file holding more
    // than 85% of the package as large, and a single bundle always did.
    ...VENDOR.map(([pkg, file]) => ({ ...common, entryPoints: [require.resolve(pkg)], outfile: `dist/${file}`, format: 'cjs' })),
    // The command line program, and the launcher that runs it with V8's code cache (the `bin`).
    {
      ...common,
      entryPoints: ['src/cli/main.ts'],
      outfile: 'dist/cli-main.js',
      format: 'cjs',
      plugins: CLI_VENDOR.map(([pkg, file]) => vendorFile(pkg, `./${file}`)),
    },
    {
      ...common,
      entryPoints: ['src/cli/launcher.ts'],
      outfile: 'dist/cli.js',
      format: 'cjs',
      banner: { js: '#!/usr/bin/env node' },
    },
  ];
  if (withTests) {
    fs.rmSync('out/test', { recursive: true, force: true });
    const tests = listTests('test');
    if (tests.length > 0) {
      builds.push({
        ...common,
        sourcemap: true,
        minify: false,
        entryPoints: tests,
        outdir: 'out',
        outbase: '.',
        format: 'esm',
        outExtension: { '.js': '.mjs' },
        packages: 'external',
        external: ['vscode'],
        // `require` for the packages the core loads at first use (src/core/xml.ts): an ES
        // module has none of its own, and these packages stay outside the test bundles.
        banner: { js: "import { createRequire as __batchHttpCreateRequire } from 'node:module'; const require = __batchHttpCreateRequire(import.meta.url);" },
      });
    }
  }
  if (withVscodeTests) {
    // The extension-host suite (mocha, @vscode/test-electron): test/vscode -> out/vscode, CommonJS.
    fs.rmSync('out/vscode', { recursive: true, force: true });
    builds.push({
      ...common,
      sourcemap: true,
      minify: false,
      entryPoints: ['test/vscode/runTest.ts', 'test/vscode/suite/index.ts', ...listTests('test/vscode/suite', /\.spec\.ts$/)],
      outdir: 'out/vscode',
      outbase: 'test/vscode',
      format: 'cjs',
      packages: 'external',
      external: ['vscode'],
    });
  }
  if (watch) {
    for (const b of builds) {
      const ctx = await esbuild.context(b);
      await ctx.watch();
    }
    return;
  }
  await Promise.all(builds.map((b) => esbuild.build(b)));
  try {
    fs.chmodSync('dist/cli.js', 0o755);
  } catch {
    /* not fatal on filesystems without modes */
  }
}

main().catch((err) => {
  process.stderr.write(`build failed: ${err && err.message ? err.message : err}\n`);
  process.exit(1);
});
