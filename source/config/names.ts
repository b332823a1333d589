/*
 * Name lists shared by the settings, workspace files and the session socket's messages, in a
 * module of their own so that the client, which must start fast, loads no settings schema.
 */

export const layoutNames = ['tiled', 'main-vertical', 'columns', 'rows'] as const;
export type LayoutName = (typeof layoutNames)[number];

export const exitPolicies = ['close', 'hold', 'restart'] as const;
export type ExitPolicy = (typeof exitPolicies)[number];
