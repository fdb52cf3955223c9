/**
 * Per-node rules that the schema alone cannot express: prompts per
 * language, expressions and templates that parse, lookup URLs whose host
 * is fixed, patterns that compile, numbers in E.164. Each rule adds issues
 * and, on success, the parsed form to the prepared parts.
 */
import { DomainError } from '../shared/errors.ts';
import { normalisePhone } from '../shared/phone.ts';
import { parseExpression } from './expression.ts';
import { type FlowIssue, type FlowIssueCode, issue } from './flow.issues.ts';
import type { PreparedParts } from './flow.prepared.ts';
import type { FlowNode, NodeOf, NodeType } from './flow.schema.ts';
import type { Prompt } from './flow.schema-parts.ts';
import { parseJsonPath } from './json-path.ts';
import { parseTemplate } from './template.ts';
import { isVariableName } from './vars.ts';

/** What the node rules need to know about the flow around them. */
export interface CheckScope {
  readonly language: string;
  readonly languages: readonly string[];
  readonly ttsEngine: string | undefined;
}

/** Collects issues for one node. */
class NodeChecker {
  constructor(
    readonly id: string,
    readonly scope: CheckScope,
    readonly parts: PreparedParts,
    readonly issues: FlowIssue[],
  ) {}

  fail(code: FlowIssueCode, field: string | null, reason: string): void {
    this.issues.push(issue(code, this.id, field, reason));
  }

  /** A prompt given per language must use known languages and cover the default one. */
  prompt(field: string, prompt: Prompt | undefined, required: boolean): void {
    if (prompt === undefined) {
      if (required) this.fail('MISSING_PROMPT', field, 'missing prompt');
      return;
    }
    if (typeof prompt === 'string') return;
    for (const lang of Object.keys(prompt)) {
      if (!this.scope.languages.includes(lang)) {
        this.fail(
          'UNKNOWN_LANGUAGE',
          `${field}.${lang}`,
          `language "${lang}" is not one of the flow's languages`,
        );
      }
    }
    if (!Object.hasOwn(prompt, this.scope.language)) {
      this.fail(
        'MISSING_PROMPT',
        field,
        `no prompt for the default language "${this.scope.language}"`,
      );
    }
  }

  expression(field: string, source: string): void {
    const parsed = parseExpression(source);
    if (parsed.ok) this.parts.expressions.set(source, parsed.value);
    else this.fail('BAD_EXPRESSION', field, parsed.error.message);
  }

  template(field: string, source: string): void {
    const parsed = parseTemplate(source);
    if (parsed.ok) this.parts.templates.set(source, parsed.value);
    else this.fail('BAD_TEMPLATE', field, parsed.error.message);
  }
}

type Rule<T extends NodeType> = (c: NodeChecker, node: NodeOf<T>) => void;

const noRule = () => {};

/** The rules of each node type; the mapped type makes the table exhaustive. */
const RULES: { readonly [T in NodeType]: Rule<T> } = {
  play: (c, node) => c.prompt('prompt', node.prompt, true),
  hangup: (c, node) => c.prompt('prompt', node.prompt, false),
  menu: (c, node) => checkChoice(c, node),
  language: (c, node) => checkChoice(c, node),
  collect: (c, node) => checkCollect(c, node),
  branch: (c, node) => {
    for (const [i, cond] of node.conditions.entries())
      c.expression(`conditions[${i}].when`, cond.when);
  },
  set: (c, node) => checkSet(c, node),
  lookup: (c, node) => checkLookup(c, node),
  say: (c, node) => checkSay(c, node),
  firewall: (c, node) => c.prompt('rejectPrompt', node.rejectPrompt, node.onBlock === 'reject'),
  voicemail: (c, node) => {
    c.prompt('greeting', node.greeting, false);
    c.prompt('callbackPrompt', node.callbackPrompt, node.askCallback);
  },
  agent: (c, node) => {
    if ((node.agentId === undefined) === (node.extension === undefined)) {
      c.fail('SCHEMA_INVALID', null, 'give exactly one of agentId or extension');
    }
  },
  external: (c, node) => checkExternal(c, node),
  schedule: noRule,
  queue: noRule,
  goto: noRule,
};

/** Runs the rules of `node`'s type, appending issues. */
export function checkNode(
  id: string,
  node: FlowNode,
  scope: CheckScope,
  parts: PreparedParts,
  issues: FlowIssue[],
): void {
  const rule = RULES[node.type] as Rule<typeof node.type>;
  rule(new NodeChecker(id, scope, parts, issues), node as never);
}

function checkChoice(c: NodeChecker, node: NodeOf<'menu'> | NodeOf<'language'>): void {
  c.prompt('prompt', node.prompt, true);
  c.prompt('invalidPrompt', node.invalidPrompt, false);
  c.prompt('timeoutPrompt', node.timeoutPrompt, false);
  if (Object.keys(node.options).length === 0)
    c.fail('SCHEMA_INVALID', 'options', 'offers no option');
  if (node.type !== 'language') return;
  for (const [digit, lang] of Object.entries(node.options)) {
    if (!c.scope.languages.includes(lang)) {
      c.fail(
        'UNKNOWN_LANGUAGE',
        `options.${digit}`,
        `language "${lang}" is not one of the flow's languages`,
      );
    }
  }
}

/** A user pattern with a quantified group that itself repeats can take exponential time. */
const NESTED_QUANTIFIER = /\([^()]*[+*}][^()]*\)\s*[+*{]/;

function checkCollect(c: NodeChecker, node: NodeOf<'collect'>): void {
  c.prompt('prompt', node.prompt, true);
  c.prompt('invalidPrompt', node.invalidPrompt, false);
  if (node.minLength > node.maxLength) {
    c.fail(
      'INCONSISTENT',
      'minLength',
      `minLength ${node.minLength} exceeds maxLength ${node.maxLength}`,
    );
  }
  if (node.validation?.kind !== 'regex') return;
  const pattern = node.validation.pattern;
  if (NESTED_QUANTIFIER.test(pattern)) {
    c.fail(
      'BAD_REGEX',
      'validation.pattern',
      'nested quantifiers such as (\\d+)+ are refused (they can take forever)',
    );
    return;
  }
  try {
    // Anchored: the pattern describes the whole entry, not a part of it.
    c.parts.patterns.set(pattern, new RegExp(`^(?:${pattern})$`));
  } catch (error) {
    c.fail(
      'BAD_REGEX',
      'validation.pattern',
      error instanceof Error ? error.message : 'invalid pattern',
    );
  }
}

function checkSet(c: NodeChecker, node: NodeOf<'set'>): void {
  if ((node.expression === undefined) === (node.template === undefined)) {
    c.fail('SCHEMA_INVALID', null, 'give exactly one of expression or template');
  }
  if (node.expression !== undefined) c.expression('expression', node.expression);
  if (node.template !== undefined) c.template('template', node.template);
}

function checkSay(c: NodeChecker, node: NodeOf<'say'>): void {
  c.template('value', node.value);
  if (node.kind === 'tts' && c.scope.ttsEngine === undefined) {
    c.fail('NO_TTS_ENGINE', 'kind', 'speaks text but the flow names no ttsEngine');
  }
}

/**
 * The scheme and host must be written literally: variables may fill the
 * path and query (URL-encoded) but can never send the request elsewhere.
 */
const FIXED_ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/|\?|$)/;

/** Headers that describe the connection or the body; a flow setting them could smuggle requests. */
const CLIENT_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);

function checkLookup(c: NodeChecker, node: NodeOf<'lookup'>): void {
  c.template('url', node.url);
  if (!FIXED_ORIGIN.test(node.url)) {
    c.fail('BAD_URL', 'url', 'must start with http:// or https:// and a literal host');
  }
  for (const [name, value] of Object.entries(node.headers)) {
    if (CLIENT_HEADERS.has(name.toLowerCase())) {
      c.fail('INCONSISTENT', `headers.${name}`, 'is set by the HTTP client, not by the flow');
    }
    c.template(`headers.${name}`, value);
  }
  for (const [name, value] of Object.entries(node.body ?? {})) c.template(`body.${name}`, value);
  if (node.body !== undefined && node.method === 'GET') {
    c.fail('INCONSISTENT', 'body', 'a GET lookup cannot have a body');
  }
  for (const [variable, path] of Object.entries(node.results)) {
    if (!isVariableName(variable))
      c.fail('BAD_VARIABLE', `results.${variable}`, 'is not a variable name');
    const parsed = parseJsonPath(path);
    if (parsed.ok) c.parts.jsonPaths.set(path, parsed.value);
    else c.fail('BAD_JSON_PATH', `results.${variable}`, parsed.error.message);
  }
  for (const name of node.optional) {
    if (!Object.hasOwn(node.results, name)) {
      c.fail('INCONSISTENT', 'optional', `"${name}" is not one of the results`);
    }
  }
}

function checkExternal(c: NodeChecker, node: NodeOf<'external'>): void {
  try {
    const { e164 } = normalisePhone(node.number);
    if (e164 !== node.number) c.fail('BAD_NUMBER', 'number', `write it in E.164: ${e164}`);
  } catch (error) {
    c.fail(
      'BAD_NUMBER',
      'number',
      error instanceof DomainError ? error.message : 'not a phone number',
    );
  }
}
