import type { FilterPattern, FilterRule } from '../../topology';

/**
 * Lambda event filtering (the EventBridge pattern syntax) for the subset the topology uses:
 * literal values, `prefix`, `anything-but` and `exists`, nested objects. Patterns are ORed; inside
 * a pattern every key must match (AND); the rules listed for one key are ORed. No patterns means
 * the mapping has no filter, so everything passes.
 */
export function matchesAnyFilter(record: unknown, patterns: readonly FilterPattern[]): boolean {
  return patterns.length === 0 || patterns.some((pattern) => matchesPattern(record, pattern));
}

function matchesPattern(value: unknown, pattern: FilterPattern): boolean {
  // An array of objects in the event matches when one of its elements does (EventBridge flattens arrays).
  if (Array.isArray(value)) return value.some((element) => matchesPattern(element, pattern));
  return Object.entries(pattern).every(([key, expected]) => {
    // A missing parent makes every key below it missing, which only `exists: false` accepts.
    const child = isPlainObject(value) ? value[key] : undefined;
    return isRuleList(expected) ? matchesRules(child, expected) : matchesPattern(child, expected);
  });
}

function matchesRules(value: unknown, rules: readonly FilterRule[]): boolean {
  return rules.some((rule) => matchesRule(value, rule));
}

function matchesRule(value: unknown, rule: FilterRule): boolean {
  if (isPlainObject(rule) && 'exists' in rule) {
    // Exists matching works on leaves only: an object value neither "exists" nor is missing.
    return rule.exists ? value !== undefined && !isPlainObject(value) : value === undefined;
  }
  if (value === undefined) return false;
  // A leaf holding an array matches when any of its elements matches the rule.
  if (Array.isArray(value)) return value.some((element) => matchesLeaf(element, rule));
  return matchesLeaf(value, rule);
}

function matchesLeaf(value: unknown, rule: FilterRule): boolean {
  if (!isPlainObject(rule)) return value === rule;
  if ('prefix' in rule) return typeof value === 'string' && value.startsWith(rule.prefix);
  if ('anything-but' in rule) {
    const excluded: readonly unknown[] = Array.isArray(rule['anything-but'])
      ? rule['anything-but']
      : [rule['anything-but']];
    return !isPlainObject(value) && !excluded.includes(value);
  }
  // A rule we do not implement must not silently pass or drop records.
  throw new Error(`unsupported filter rule ${JSON.stringify(rule)}`);
}

function isRuleList(value: FilterPattern | readonly FilterRule[]): value is readonly FilterRule[] {
  return Array.isArray(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
