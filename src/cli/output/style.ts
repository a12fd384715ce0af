/** ANSI colours for the few things that deserve them, or plain text when colour is off. */
export interface Style {
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const sgr = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;
const plain = (text: string) => text;

export function createStyle(colour: boolean): Style {
  if (!colour) return { red: plain, yellow: plain, green: plain, dim: plain, bold: plain };
  return { red: sgr(31, 39), yellow: sgr(33, 39), green: sgr(32, 39), dim: sgr(2, 22), bold: sgr(1, 22) };
}

/** `error[CODE]:` and `warning:` prefixes, coloured when colour is on. */
export function errorPrefix(style: Style, code: string): string {
  return style.red(style.bold(`error[${code}]:`));
}

export function warningPrefix(style: Style): string {
  return style.yellow('warning:');
}
