// Small lookups on YAML trees shared by the edit builders.
import { isAlias, isScalar, Node, Pair, YAMLMap } from 'yaml';
import { scalarText } from '../model/node';

/** An alias, or a node with an anchor (aliases elsewhere would see an edit too). */
export function isShared(node: unknown): boolean {
  return isAlias(node) || (node !== null && typeof node === 'object' && (node as Node).anchor !== undefined);
}

/** The pair of a map whose scalar key reads `key`. */
export function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return (map.items as Pair[]).find((p) => isScalar(p.key) && scalarText(p.key) === key);
}
