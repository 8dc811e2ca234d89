package dev.lifeline.mgmt.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The backlog triggers status messages by order of magnitude: an emptied journal is always published. */
class StatusMagnitudeTest {
    @Test
    void emptyIsItsOwnStepAndEachPowerOfTenAnother() {
        assertEquals(0, StatusPublisher.magnitude(0));
        assertEquals(1, StatusPublisher.magnitude(1));
        assertEquals(1, StatusPublisher.magnitude(9));
        assertEquals(2, StatusPublisher.magnitude(10));
        assertEquals(6, StatusPublisher.magnitude(100_000));
    }
}
