/** The product is about small caps: asked without an index, answer for the Russell 2000. */
export const DEFAULT_SUBJECT_ID = 'russell-2000';
