/** Tests that need a tool fail loudly, with the command that installs it, instead of skipping. */
import { run } from '../../src/exec.js';

export async function requireTool(tool: string, install: string): Promise<void> {
  try {
    await run('sh', ['-c', 'command -v "$1"', 'sh', tool]);
  } catch {
    throw new Error(`${tool} is required by this test but is not installed; install it with: ${install}`);
  }
}
