import { describe, expect, it } from 'vitest';
import { runCaptured } from './capturedRun';

describe('flowline help and usage', () => {
  it('lists the commands with --help, and says how to use each', async () => {
    const overview = await runCaptured(['--help']);
    expect(overview.code).toBe(0);
    expect(overview.out).toMatch(/^Usage: flowline <command> \[options\]/);
    for (const name of ['validate', 'publish', 'export', 'simulate']) {
      expect(overview.out).toContain(`\n  ${name} `);
      const own = await runCaptured([name, '--help']);
      expect(own).toMatchObject({ code: 0, err: '' });
      expect(own.out).toMatch(new RegExp(`^Usage: flowline ${name} `));
      expect(own.out).toContain('Exit status:');
      expect((await runCaptured(['help', name])).out).toBe(own.out);
    }
  });

  it('exits 2 without a command or with an unknown one, on standard error', async () => {
    expect(await runCaptured([])).toMatchObject({
      code: 2,
      out: '',
      err: expect.stringMatching(/^Usage: flowline/),
    });
    expect(await runCaptured(['deploy'])).toEqual({
      code: 2,
      out: '',
      err: 'flowline: unknown command "deploy"; the commands are validate, publish, export, simulate\nRun "flowline --help" for usage.',
    });
    expect(await runCaptured(['help', 'deploy'])).toMatchObject({ code: 2 });
  });
});
