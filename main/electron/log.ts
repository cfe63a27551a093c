/** Where the shell reports what it did not do or could not do (the composition root's logger). */
export interface ShellLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, detail?: unknown): void;
}
