// Regenerates `properties.rules.properties` of schemas/netpol-config.schema.json
// from the rule catalogue in the code (run after `npm run compile`), so the
// schema's completion lists every rule id with its default severity.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(import.meta.url);
const { defaultRules } = require(path.join(root, 'out/server/src/core/ruleRegistry.js'));
const file = path.join(root, 'schemas/netpol-config.schema.json');
const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
const properties = {};
for (const r of [...defaultRules().all()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
  // Opt-in rules run only when given a level.
  properties[r.id] = { $ref: '#/definitions/level', description: `${r.shortDescription} (default: ${r.offByDefault ? 'off' : r.defaultSeverity})` };
}
schema.properties.rules.properties = properties;
fs.writeFileSync(file, JSON.stringify(schema, null, 2) + '\n');
console.log(`${Object.keys(properties).length} rules written to ${path.relative(root, file)}`);
