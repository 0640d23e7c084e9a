import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config';
import { DEFAULT_RUN_LIMITS } from './runLimits';

describe('limits in the configuration', () => {
  it('has a default for every limit', () => {
    expect(loadConfig({}).limits).toMatchObject(DEFAULT_RUN_LIMITS);
    expect(DEFAULT_RUN_LIMITS).toMatchObject({ subworkflowDepth: 10, instancesPerTree: 1000 });
  });

  it('reads FLOWLINE_LIMITS as JSON, keeping the defaults of the limits it does not name', () => {
    const config = loadConfig({ FLOWLINE_LIMITS: '{"subworkflowDepth": 3, "commandsPerStep": 50}' });
    expect(config.limits).toMatchObject({ ...DEFAULT_RUN_LIMITS, subworkflowDepth: 3, commandsPerStep: 50 });
  });

  it('refuses an unknown limit and a limit that is not a positive whole number', () => {
    expect(() => loadConfig({ FLOWLINE_LIMITS: '{"subworkflowDeep": 3}' })).toThrow(ConfigError);
    // Named once, with the key it probably meant (strict objects would report it a second time).
    try {
      loadConfig({ FLOWLINE_LIMITS: '{"subworkflowDeep": 3}' });
    } catch (error) {
      expect((error as Error).message.split('\n')).toEqual([
        'The configuration is not valid:',
        '  FLOWLINE_LIMITS: "subworkflowDeep" is not a setting (did you mean "subworkflowDepth"?)',
      ]);
    }
    expect(() => loadConfig({ FLOWLINE_LIMITS: '{"instancesPerTree": 0}' })).toThrow(ConfigError);
    expect(() => loadConfig({ FLOWLINE_LIMITS: '{"nodeVisitsPerInstance": 2.5}' })).toThrow(ConfigError);
  });
});
