/** `kubepkg completion bash|zsh|fish` and `kubepkg man`: generated from the command definitions. */
import { Argument, type Command } from 'commander';
import { kubepkgVersion } from '../../version.js';
import { completionScript, SHELLS, type Shell } from '../completion.js';
import { manPage } from '../man.js';
import { addOutputOptions } from '../output/flags.js';
import { commandSpec } from '../spec.js';

export function registerCompletion(program: Command): void {
  const completion = program
    .command('completion')
    .description('print the shell completion script for bash, zsh or fish')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .addHelpText(
      'after',
      `
Install:
  bash  kubepkg completion bash > ~/.local/share/bash-completion/completions/kubepkg
  zsh   kubepkg completion zsh > "\${fpath[1]}/_kubepkg"    (a directory on $fpath)
  fish  kubepkg completion fish > ~/.config/fish/completions/kubepkg.fish`,
    );
  // a script and a page are documents: no --json; --quiet and --verbose change nothing here
  addOutputOptions(completion, { json: false }).action((shell: Shell) => {
    process.stdout.write(completionScript(shell, commandSpec(program)));
  });
  const man = program
    .command('man')
    .description('print the kubepkg(1) man page (roff): kubepkg man > kubepkg.1; man ./kubepkg.1');
  addOutputOptions(man, { json: false }).action(() => {
    process.stdout.write(manPage(commandSpec(program), kubepkgVersion()));
  });
}
