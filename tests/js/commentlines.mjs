// Checks, with a JavaScript parser, what canvas/web/assets.py's blank_comment_lines removed:
// every character it took away lay inside a comment (or was white space), and the file still
// parses. Input on stdin: [{file, source, removed: [[line, upto], ...]}], lines from 1; the
// first `upto` characters of that line were removed. Prints the problems found, one per line.
// Run by tests/unit/test_assets.py.
import { parse } from 'acorn';

const input = JSON.parse(await new Promise((resolve) => {
  let text = '';
  process.stdin.on('data', (chunk) => { text += chunk; });
  process.stdin.on('end', () => resolve(text));
}));

const problems = [];
for (const { file, source, blanked, removed } of input) {
  const comments = [];
  try {
    parse(source, { ecmaVersion: 'latest', sourceType: 'module', onComment: comments });
  } catch (error) {
    problems.push(`${file}: the source does not parse: ${error.message}`);
    continue;
  }
  try {
    parse(blanked, { ecmaVersion: 'latest', sourceType: 'module' });
  } catch (error) {
    problems.push(`${file}: does not parse once blanked: ${error.message}`);
  }
  const lineStarts = [0];
  for (let i = 0; i < source.length; i += 1) if (source[i] === '\n') lineStarts.push(i + 1);
  const inComment = (offset) => comments.some((c) => c.start <= offset && offset < c.end);
  for (const [line, upto] of removed) {
    const start = lineStarts[line - 1];
    for (let offset = start; offset < start + upto; offset += 1) {
      if (!/\s/.test(source[offset]) && !inComment(offset)) {
        problems.push(`${file}:${line}: removed code, not a comment: ${source.slice(start, start + upto)}`);
        break;
      }
    }
  }
}
console.log(problems.join('\n'));
