package dev.lifeline.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.call.CallEngine;
import dev.lifeline.call.Directory;
import dev.lifeline.mgmt.controller.Alarms;
import dev.lifeline.tdm.PortHealth;
import dev.lifeline.tdm.PortHealth.State;
import dev.lifeline.util.ManualClock;
import org.junit.jupiter.api.Test;

/** The port-fault alarm as the controller and the local status see it: one alarm naming every port not OK. */
class PortFaultAlarmTest {
    private final ManualClock clock = new ManualClock();
    private final Alarms alarms = new Alarms(clock::now);
    private final PortFaultAlarm alarm = new PortFaultAlarm(
            new CallEngine(clock, "gw1", new Directory(), n -> n, 30_000, null, () -> "normal"), port -> null, () -> alarms);

    @Test
    void raisedMinorForAResetPortMajorWhenOutOfServiceAndClearedWhenEveryPortIsOk() {
        alarm.portFaulted(new PortHealth("fxs3", State.FAULTED, 1, "timers: boom", 0));
        assertEquals(Alarms.Severity.MINOR, alarms.get("port-fault").severity());
        assertTrue(alarms.get("port-fault").text().startsWith("fxs3: fault, port reset"));
        alarm.portFaulted(new PortHealth("fxs1", State.OUT_OF_SERVICE, 3, "audio in: boom", 0));
        Alarms.Alarm a = alarms.get("port-fault");
        assertEquals(Alarms.Severity.MAJOR, a.severity());
        assertTrue(a.text().contains("fxs3: fault") && a.text().contains("fxs1: out of service after 3 faults"), a.text());
        assertEquals("major", alarm.active().get(0).get("severity"));

        alarm.portHealthChanged(new PortHealth("fxs1", State.OK, 0, null, 0));
        assertEquals(Alarms.Severity.MINOR, alarms.get("port-fault").severity(), "fxs3 still not OK");
        alarm.portHealthChanged(new PortHealth("fxs3", State.OK, 0, null, 0));
        assertNull(alarms.get("port-fault"));
        assertTrue(alarm.active().isEmpty());
        assertTrue(alarms.active().isEmpty());
    }
}
