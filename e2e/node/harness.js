'use strict';
/**
 * The check harness of the Node clients in this folder: checks that abort a step, steps that print PASS / FAIL,
 * and the closing `N passed, M failed` line that ClientScripts reads (exit 1 when a check failed).
 */

class CheckFailed extends Error {}

function check(condition, message) {
  if (!condition) {
    throw new CheckFailed(message);
  }
}

/**
 * `--kebab-case value` pairs as camelCase keys over `defaults`; exits 2 naming the first missing `required` key.
 */
function parseArgs(argv, defaults, required) {
  const args = { ...defaults };
  for (let i = 2; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '').replace(/-([a-z0-9])/g, (m, c) => c.toUpperCase());
    args[key] = argv[i + 1];
  }
  for (const name of required) {
    if (!args[name]) {
      console.error('missing --' + name);
      process.exit(2);
    }
  }
  return args;
}

/** Counts steps; the first failing step aborts the run (its checks depend on the steps before it). */
class Report {
  constructor() {
    this.passed = 0;
    this.failed = 0;
  }

  async step(name, fn) {
    try {
      const result = await fn();
      this.passed++;
      console.log('PASS ' + name);
      return result;
    } catch (e) {
      this.failed++;
      console.log('FAIL ' + name + '\n' + (e instanceof CheckFailed ? e.message : e.stack));
      throw new CheckFailed('abort');
    }
  }

  /** An error that escaped the steps (a failed step was reported already). */
  unexpected(e) {
    if (!(e instanceof CheckFailed)) {
      this.failed++;
      console.log('FAIL unexpected error\n' + e.stack);
    }
  }

  finish() {
    console.log(`${this.passed} passed, ${this.failed} failed`);
    process.exit(this.failed ? 1 : 0);
  }
}

module.exports = { CheckFailed, check, parseArgs, Report };
