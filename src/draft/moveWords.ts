/**
 * The words that say a value moved, and among them those that say it fell: one
 * list for every question asked of them (is this a move? which way? whose?), so
 * a fall one question knows is never missed by another ("shed 2.6%", "gave up 0.3%").
 */

export const FALL_WORDS =
  'slipped|slips|slip|slid|slides|fell|fall|falls|dropped|drops?|declined|declines?|lost|loses|lower|down|shed|sheds|sank|sinks|tumbled|tumbles|retreated|retreats|eased|eases|decreased|dipped|dips|plunged|plunges|slumped|slumps|falling|sliding|slipping|dropping|declining|losing|shedding|sinking|tumbling|retreating|easing|dipping|plunging|slumping|(?:gave|gives|giving) (?:up|back)';

export const MOVE_WORDS = `${FALL_WORDS}|up|rose|rise|rises|gain(?:ed|s)?|surged?|advanced?|climbed?|added|edged|rall(?:ied|y)|jumped?|tumble|retreat|higher|moves?|moved`;
