// Prints the failed tests of the TRX files given as arguments: first each one's error message (its first lines, XML
// entities decoded), then one "FAILED: <test name>" line per failed test. Node.js is on every machine CI runs on.
'use strict';
const fs = require('fs');

const MessageLines = 12;
const decode = text => text
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
  .replace(/&#x([0-9a-fA-F]+);/g, (_, hex) => String.fromCodePoint(parseInt(hex, 16)))
  .replace(/&#([0-9]+);/g, (_, dec) => String.fromCodePoint(parseInt(dec, 10)))
  .replace(/&amp;/g, '&');

const failed = [];
for (const file of process.argv.slice(2)) {
  const trx = fs.readFileSync(file, 'utf8');
  const results = /<UnitTestResult\s[^>]*outcome="(Failed|Error|Timeout|Aborted)"[^>]*?(\/>|>([\s\S]*?)<\/UnitTestResult>)/g;
  for (const match of trx.matchAll(results)) {
    const name = decode((/testName="([^"]*)"/.exec(match[0]) ?? [])[1] ?? '(unnamed test)');
    const message = decode((/<Message>([\s\S]*?)<\/Message>/.exec(match[3] ?? '') ?? [])[1] ?? '(no message)');
    const lines = message.split(/\r?\n/);
    const shown = lines.slice(0, MessageLines).join('\n') + (lines.length > MessageLines ? `\n(${lines.length - MessageLines} more lines in ${file})` : '');
    failed.push({ name, shown });
  }
}

for (const { name, shown } of failed) {
  console.log(`--- ${name}\n${shown}`);
}
for (const { name } of failed) {
  console.log(`FAILED: ${name}`);
}
