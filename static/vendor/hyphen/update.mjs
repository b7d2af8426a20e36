// Makes this folder from the installed npm package `hyphen` (pinned in /package.json):
//   npm install && node static/vendor/hyphen/update.mjs
// hyphen.js: the package's hyphen.js, unchanged, wrapped so that it imports as an ES module.
// patterns-nl.js: the package's Dutch patterns (patterns/nl.js) as an ES module, written compactly.
import { createRequire } from 'node:module';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const here = new URL('.', import.meta.url);
const pkgDir = new URL('../../../node_modules/hyphen/', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', pkgDir), 'utf8'));
const header = `// hyphen ${version} (https://github.com/ytiurin/hyphen), ISC licence: see LICENSE.\n`
  + '// Made by update.mjs from the npm package; do not edit.\n';

const source = readFileSync(new URL('hyphen.js', pkgDir), 'utf8');
writeFileSync(new URL('hyphen.js', here), `${header}// The package's hyphen.js, unchanged between the marks, run with \`this\` set to an object.
const root = {};
(function umd() {
// ---- hyphen.js ----
${source}
// ---- end of hyphen.js ----
}).call(root);
export default root.createHyphenator;
`);

const patterns = require(new URL('patterns/nl.js', pkgDir).pathname);
writeFileSync(new URL('patterns-nl.js', here), `${header}// The package's patterns/nl.js (TeX hyph-nl), as data.
export default ${JSON.stringify(patterns)};
`);
copyFileSync(new URL('LICENSE', pkgDir), new URL('LICENSE', here));
console.log(`hyphen ${version} written to ${here.pathname}`);
