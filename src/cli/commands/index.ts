// Every `saejs` command by name, in the order 'saejs --help' lists them.
import type { Command } from "../command.js";
import { benchCommand } from "./bench.js";
import { convertCommand } from "./convert.js";
import { decodeCommand } from "./decode.js";
import { demoCommand } from "./demo.js";
import { embedCommand } from "./embed.js";
import { encodeCommand } from "./encode.js";
import { evalCommand } from "./eval.js";
import { exploreCommand } from "./explore.js";
import { featuresCommand } from "./features.js";
import { indexCommand } from "./index-db.js";
import { infoCommand } from "./info.js";
import { labelCommand } from "./label.js";
import { neuronpediaCommand } from "./neuronpedia.js";
import { searchCommand } from "./search.js";
import { siteCommand } from "./site.js";
import { trainCommand } from "./train.js";

export const COMMANDS: Readonly<Record<string, Command>> = {
  demo: demoCommand,
  embed: embedCommand,
  train: trainCommand,
  eval: evalCommand,
  encode: encodeCommand,
  decode: decodeCommand,
  features: featuresCommand,
  search: searchCommand,
  index: indexCommand,
  label: labelCommand,
  neuronpedia: neuronpediaCommand,
  explore: exploreCommand,
  site: siteCommand,
  convert: convertCommand,
  info: infoCommand,
  bench: benchCommand,
};
