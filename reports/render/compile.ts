/**
 * Vega-Lite → Vega, strictly: every warning the compiler logs is collected,
 * and any at all fails the compile, so a chart that renders "almost right"
 * (a dropped encoding, an ignored scale property) is caught where it is built
 * rather than noticed on a customer's screen.
 */
import type { LoggerInterface, Spec as VegaSpec } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** A compile or render that logged warnings or errors: all of them, in order. */
export class ChartWarningError extends Error {
  readonly messages: readonly string[];

  constructor(stage: string, messages: readonly string[]) {
    super(
      `${stage} logged ${messages.length} warning(s):\n${messages.map((m) => `  - ${m}`).join('\n')}`,
    );
    this.name = 'ChartWarningError';
    this.messages = messages;
  }
}

/** A vega logger that keeps warnings and errors instead of printing them. */
export function collectingLogger(): LoggerInterface & { messages: string[] } {
  const messages: string[] = [];
  let level = 2; // vega.Warn
  const text = (args: unknown[]) =>
    args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  const logger = {
    messages,
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: unknown[]) {
      messages.push(`error: ${text(args)}`);
      return logger;
    },
    warn(...args: unknown[]) {
      messages.push(`warning: ${text(args)}`);
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger as LoggerInterface & { messages: string[] };
}

/**
 * Compiles a vega-lite spec to vega.
 *
 * @throws ChartWarningError when vega-lite logs any warning or error.
 */
export function compileSpec(spec: TopLevelSpec): VegaSpec {
  const logger = collectingLogger();
  const { spec: vega } = compile(spec, { logger });
  if (logger.messages.length > 0) throw new ChartWarningError('vega-lite compile', logger.messages);
  return vega;
}
