/**
 * The AWS model's patterns must match a whole value (`0|([1-9]\d{0,38})` anchored as a group, so a leading
 * zero cannot slip through the way kinesalite's `^0|...$` lets it, behaviour.md 6 row 13). Compiled once per
 * pattern: the server checks them per record.
 */
const compiled = new Map<string, RegExp>();

export function fullMatch(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`, 'u');
    compiled.set(pattern, re);
  }
  return re;
}
