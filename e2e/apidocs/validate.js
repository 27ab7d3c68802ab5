#!/usr/bin/env node
/*
 * Validates Tradewire's API documents, as the gateway serves them, with the reference parsers: every AsyncAPI
 * document with @asyncapi/parser (AsyncAPI 3.0: structure, $refs, operation ↔ channel message references, the
 * payload schemas) and the OpenAPI document with @apidevtools/swagger-parser (OpenAPI 3.1).
 *
 *   node validate.js --base http://127.0.0.1:PORT/docs/ --dialects exchange,ib,topics,socketio
 *
 * Also reads the /docs/ index and checks that it links each document. Prints one line per check and finally
 * `N passed, M failed`; exits 1 when a check failed.
 */
'use strict';

const { Parser, DiagnosticSeverity } = require('@asyncapi/parser');
const SwaggerParser = require('@apidevtools/swagger-parser');
const yaml = require('js-yaml');

let passed = 0;
let failed = 0;

function check(condition, message, detail) {
  if (condition) {
    passed++;
    console.log('PASS ' + message);
  } else {
    failed++;
    console.log('FAIL ' + message + (detail === undefined ? '' : ':\n' + (typeof detail === 'string' ? detail : JSON.stringify(detail, null, 2))));
  }
  return condition;
}

function parseArgs(argv) {
  const args = {};
  for (let i = 2; i < argv.length; i += 2) {
    args[argv[i].replace(/^--/, '')] = argv[i + 1];
  }
  if (!args.base || !args.dialects) {
    console.error('usage: node validate.js --base http://HOST:PORT/docs/ --dialects a,b,c');
    process.exit(2);
  }
  return args;
}

async function fetchText(url) {
  const response = await fetch(url);
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type') || '', text };
}

async function asyncApi(base, dialect) {
  const url = new URL('asyncapi/' + dialect + '.yaml', base).toString();
  const served = await fetchText(url);
  if (!check(served.status === 200, `GET ${url} → 200`, served.status)) {
    return;
  }
  const { document, diagnostics } = await new Parser().parse(served.text, { source: url });
  const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
  check(document !== undefined && errors.length === 0, `${dialect}: a valid AsyncAPI document (@asyncapi/parser)`,
    errors.map((d) => `${d.code} at ${JSON.stringify(d.path)}: ${d.message}`).join('\n'));
  if (!document) {
    return;
  }
  check(document.version() === '3.0.0', `${dialect}: AsyncAPI 3.0.0`, document.version());
  const operations = document.operations().all();
  check(operations.some((o) => o.action() === 'receive') && operations.some((o) => o.action() === 'send'),
    `${dialect}: client (receive) and server (send) operations`);
  const messages = document.allMessages().all();
  check(messages.length >= 3 && messages.every((m) => m.hasPayload()), `${dialect}: ${messages.length} messages, each with a payload`);
  const warnings = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Warning);
  warnings.forEach((d) => console.log(`  note (${dialect}): ${d.code} ${d.message} at ${JSON.stringify(d.path)}`));
}

async function openApi(base) {
  const url = new URL('openapi.yaml', base).toString();
  const served = await fetchText(url);
  if (!check(served.status === 200, `GET ${url} → 200`, served.status)) {
    return;
  }
  const spec = yaml.load(served.text);
  try {
    const api = await SwaggerParser.validate(spec);
    check(api.openapi === '3.1.0', 'openapi.yaml: a valid OpenAPI 3.1 document (@apidevtools/swagger-parser)');
    for (const path of ['/health', '/ready', '/metrics', '/admin/accounts/{user}/deposit', '/admin/accounts/{user}/withdraw', '/mcp', '/user/trading/listen-key',
      '/user/trading/v2/listen-key', '/console/']) {
      check(api.paths[path] !== undefined, `openapi.yaml: documents ${path}`);
    }
  } catch (e) {
    check(false, 'openapi.yaml: a valid OpenAPI 3.1 document (@apidevtools/swagger-parser)', e.message);
  }
}

async function main() {
  const args = parseArgs(process.argv);
  const dialects = args.dialects.split(',').filter((d) => d.length > 0);
  const index = await fetchText(args.base);
  check(index.status === 200 && index.type.startsWith('text/html'), `GET ${args.base} → 200 text/html`, index.status + ' ' + index.type);
  check(!/https?:\/\//.test(index.text), 'the index loads nothing from elsewhere (no absolute URLs)');
  for (const dialect of dialects) {
    check(index.text.includes(`href="asyncapi/${dialect}.yaml"`), `the index links asyncapi/${dialect}.yaml`);
    await asyncApi(args.base, dialect);
  }
  check(index.text.includes('href="openapi.yaml"'), 'the index links openapi.yaml');
  await openApi(args.base);
}

main()
  .catch((e) => {
    failed++;
    console.log('FAIL ' + (e && e.stack ? e.stack : e) + (e && e.cause ? '\n  cause: ' + (e.cause.stack || e.cause) : ''));
  })
  .finally(() => {
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed === 0 && passed > 0 ? 0 : 1);
  });
