/**
 * `slalab schema [--out file]`: the JSON Schema of scenario files (draft
 * 2020-12), for editors. Prints it, or writes it to --out (never over an
 * existing file without --force).
 */
import type { Argv, CommandModule } from 'yargs';
import { scenarioJsonSchema } from '../../scenarios/schema/jsonSchema.js';
import { writeOutput } from '../output.js';

interface SchemaArgs {
  out?: string;
  force: boolean;
}

/** The schema as the command prints it: indented JSON and a final newline. */
export function schemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

export const schemaCommand: CommandModule<object, SchemaArgs> = {
  command: 'schema',
  describe: 'Print the JSON Schema of scenario files (for editor completion and checks)',
  builder: (yargs: Argv) =>
    yargs.options({
      out: { alias: 'o', type: 'string', describe: 'Write the schema to this file instead' },
      force: { type: 'boolean', default: false, describe: 'Overwrite --out if it exists' },
    }) as unknown as Argv<SchemaArgs>,
  handler: (args) => {
    const text = schemaText();
    if (args.out === undefined) {
      process.stdout.write(text);
      return;
    }
    writeOutput(args.out, text, args.force);
    process.stderr.write(`wrote ${args.out}\n`);
  },
};
