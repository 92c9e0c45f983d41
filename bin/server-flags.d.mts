/** The flags of a serving node (see server-flags.mjs). */
export declare const SERVER_NODE_FLAGS: readonly string[];
