/** Shared by the CLI commands that run the engine: config + custom files → engine state. */
import { homedir } from 'node:os';
import { buildEngineState, customSources, type EngineState } from '../catalog/engine-state';
import { CatalogLoadError } from '../catalog/load';
import { ConfigError, loadConfig, type Config } from '../config';
import type { CliIO } from './command';

/** Loads config and engine; on failure prints why and returns the exit code instead. */
export function loadEngineForCli(io: CliIO, configErrorCode: number): { config: Config; state: EngineState } | number {
  try {
    const config = loadConfig(io.env);
    const state = buildEngineState(customSources(config, io.env.HOME ?? homedir()), config.policy, Date.now());
    return { config, state };
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr(`inferwall: configuration error: ${err.message}\n`);
      return configErrorCode;
    }
    if (err instanceof CatalogLoadError) {
      io.stderr(`inferwall: cannot load signatures or policies:\n${err.message}\n`);
      return configErrorCode;
    }
    throw err;
  }
}
