package dev.lifeline.mgmt;

import java.util.List;
import java.util.Map;

/**
 * What the management views show, as plain maps and lists (rendered as JSON or text tables).
 * The application implements it by taking snapshots on the engine thread.
 */
public interface StatusSource {
    /** Gateway, mode, ports with hook/ring/call state. */
    Map<String, Object> status() throws Exception;

    /** The most recent CDRs, newest first. */
    List<Map<String, Object>> recentCdrs(int limit) throws Exception;

    /** Calls in progress. */
    List<Map<String, Object>> calls() throws Exception;

    /** SIP registrations (bindings) by extension. */
    List<Map<String, Object>> registrations() throws Exception;
}
