package dev.lifeline.mgmt;

/** What an operator at the box may change through the management API (the CLI's action commands). */
public interface OperatorActions {
    /**
     * Lifts the failed-authentication blocks of {@code source}: of {@code user} only, or all of
     * them when {@code user} is null. Returns how many blocks were in force and are now lifted.
     */
    int unblock(String source, String user) throws Exception;
}
