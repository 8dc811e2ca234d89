package dev.lifeline.mgmt.controller;

/** How the parts of the link publish; {@link ControllerLink} implements it over the MQTT client. */
interface Outbox {
    /** Connected to the broker and subscribed. */
    boolean online();

    /**
     * Hands a message to the client without waiting for the broker; false when it could not be
     * (not connected, client closing). The caller decides whether to try again later.
     */
    boolean publish(String topic, String json, int qos, boolean retained);
}
