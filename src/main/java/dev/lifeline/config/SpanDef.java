package dev.lifeline.config;

/**
 * One digital span (E1/T1) of a board.
 *
 * @param id          e.g. {@code e1a}
 * @param type        {@code e1} or {@code t1}
 * @param signalling  {@code pri-cpe} or {@code pri-net}
 * @param timeslots   bearer timeslots as written, e.g. {@code 1-15,17-31} (already checked for syntax and range)
 */
public record SpanDef(String id, String type, String signalling, String timeslots) {}
