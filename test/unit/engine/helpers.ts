// Builds engine inputs from YAML strings through the real per-file pipeline.
import { analyzeText } from '../../../server/src/core/analyze';
import { EngineInput, engineInputFromObjects, SourcedObject } from '../../../server/src/core/policy/engine/input';

/** `files`: uri -> YAML text. */
export function inputFromYaml(files: Record<string, string>, defaultNamespace = 'default'): EngineInput {
  const objects: SourcedObject[] = [];
  for (const [uri, text] of Object.entries(files)) {
    for (const object of analyzeText(text, { path: uri }).objects) objects.push({ object, uri });
  }
  return engineInputFromObjects(objects, defaultNamespace);
}
