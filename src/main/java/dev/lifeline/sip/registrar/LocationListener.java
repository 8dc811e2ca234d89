package dev.lifeline.sip.registrar;

/**
 * Hears every committed change of the location store (Kamailio usrloc callbacks): survivability
 * and controller sync hook in here. Called on the store's writer thread, in commit order, only
 * after the change is durable in SQLite; a listener must be quick and must not call back into
 * {@link LocationStore#update} and wait for it (that would wait on its own thread).
 */
public interface LocationListener {
    default void inserted(Binding binding) { }
    default void updated(Binding binding) { }
    /** Removed by the phone (Expires 0, {@code Contact: *}) or by the gateway. */
    default void deleted(Binding binding) { }
    /** Lapsed without a refresh. */
    default void expired(Binding binding) { }
}
