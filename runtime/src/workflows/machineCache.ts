import {
  compileBusinessKey,
  compileValidated,
  type BusinessKeyOf,
  parseDefinition,
  type Catalog,
  type CompileOptions,
  type WorkflowDefinition,
  type WorkflowMachine,
} from '@flowline/engine';
import { AppError } from '../errors';
import type { Store } from '../store';
import { boundSize } from '../collections/trimOldest';

export interface LoadedVersion {
  readonly workflowId: string;
  readonly version: number;
  readonly definition: WorkflowDefinition;
  readonly machine: WorkflowMachine;
  /** The version's business key expression, parsed once: a start's key from its input. */
  readonly businessKey: BusinessKeyOf;
}

/**
 * Compiled machines of published versions. Versions are immutable, so a compiled machine never
 * goes stale; the cache is bounded so a runtime with thousands of versions stays small.
 */
export function createMachineCache(options: {
  store: Store;
  catalog: () => Catalog;
  maxEntries?: number;
  /** How machines are compiled (e.g. the runtime's expression limits). */
  compile?: CompileOptions;
}) {
  const entries = new Map<string, LoadedVersion>();
  const max = options.maxEntries ?? 500;

  async function load(workflowId: string, version: number): Promise<LoadedVersion> {
    const key = `${workflowId}@${version}`;
    const cached = entries.get(key);
    if (cached) {
      entries.delete(key);
      entries.set(key, cached);
      return cached;
    }
    const stored = await options.store.getVersion(workflowId, version);
    if (!stored) throw new AppError('NOT_FOUND', `Workflow ${workflowId} has no version ${version}`);
    const parsed = parseDefinition(stored.definition);
    if (!parsed.ok) throw new AppError('DEFINITION_INVALID', `Stored version ${key} no longer parses`);
    const loaded = {
      workflowId,
      version,
      definition: parsed.value,
      machine: compileValidated(parsed.value, options.catalog(), options.compile),
      businessKey: compileBusinessKey(parsed.value, options.compile),
    };
    entries.set(key, loaded);
    boundSize(entries, max);
    return loaded;
  }

  async function latest(workflowId: string): Promise<LoadedVersion> {
    const version = await options.store.getLatestVersionNumber(workflowId);
    if (version === null) throw new AppError('NOT_FOUND', `Workflow ${workflowId} has no published version`);
    return load(workflowId, version);
  }

  return { load, latest };
}

export type MachineCache = ReturnType<typeof createMachineCache>;
