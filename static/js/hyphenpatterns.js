// The Dutch hyphenation patterns, installed into hyphenate.js when this module is evaluated. The
// board pages (projector, facilitator, snapshot, compare) import it at their start; the phone
// loads it when it first shows a long Dutch word (hyphenate.js, loadHyphenation).
import createHyphenator from '../vendor/hyphen/hyphen.js';
import patternsNl from '../vendor/hyphen/patterns-nl.js';
import { MIN_LETTERS, SHY, useHyphenator } from './hyphenate.js';

useHyphenator(createHyphenator(patternsNl, { hyphenChar: SHY, minWordLength: MIN_LETTERS }));
