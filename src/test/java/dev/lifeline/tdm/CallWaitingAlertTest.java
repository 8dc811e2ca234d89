package dev.lifeline.tdm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.dsp.CallerId;
import dev.lifeline.dsp.CallerIdDecoder;
import dev.lifeline.dsp.CallerIdFormat;
import dev.lifeline.dsp.DtmfGenerator;
import dev.lifeline.dsp.ToneZone;
import dev.lifeline.testutil.Goertzel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static dev.lifeline.tdm.CallWaitingAlert.Phase.*;

/**
 * The call-waiting alert on its own, tick by tick: tone, CAS, the acknowledgement window, the
 * spill (decoded by spandsp's receiver), no spill without acknowledgement, the 10 s repeat, and
 * the declared phase table.
 */
class CallWaitingAlertTest {
    private final ToneZone us = ToneZone.forName("us");
    private long t = 1000;

    @Test
    void theTableDeclaresExactlyThesePhaseChanges() {
        var declared = new EnumMap<CallWaitingAlert.Phase, Set<CallWaitingAlert.Phase>>(CallWaitingAlert.Phase.class);
        declared.put(SAS, EnumSet.of(CAS, QUIET));
        declared.put(CAS, EnumSet.of(ACK_WAIT));
        declared.put(ACK_WAIT, EnumSet.of(SPILL, QUIET));
        declared.put(SPILL, EnumSet.of(QUIET));
        declared.put(QUIET, EnumSet.of(SAS));
        for (var from : CallWaitingAlert.Phase.values()) {
            for (var to : CallWaitingAlert.Phase.values()) {
                assertEquals(declared.get(from).contains(to), CallWaitingAlert.TABLE.allows(from, to), from + " -> " + to);
                var m = new TransitionTable.Machine<>(CallWaitingAlert.TABLE, from);
                if (!declared.get(from).contains(to)) assertThrows(IllegalStateException.class, () -> m.go(to, "x", 1));
            }
        }
    }

    @Test
    void toneThenCasThenTheSpillAfterTheAcknowledgement() {
        try (CallWaitingAlert a = new CallWaitingAlert("fxs9", us, new CallerId("6002", "Store room", null), CallerIdFormat.MDMF, t);
             CallerIdDecoder rx = new CallerIdDecoder(us.callerIdStandard())) {
            List<short[]> out = run(a, 300, null);
            assertTrue(out.stream().allMatch(f -> Goertzel.dominant(f, 0, 160, 440, 0.8)), "300 ms of 440 Hz");
            out = run(a, 80, null);
            assertTrue(out.stream().allMatch(f -> Goertzel.dominant(f, 0, 160, 2130, 0.3)
                    && Goertzel.dominant(f, 0, 160, 2750, 0.3)), "80 ms of CAS");
            assertEquals(ACK_WAIT, a.phase());
            run(a, 40, null);
            out = run(a, 100, "A");
            assertEquals('A', a.acknowledgement());
            out.addAll(run(a, 1500, null));
            assertEquals(QUIET, a.phase(), a.history().toString());
            for (short[] f : out) rx.process(f, 0, f.length);
            CallerId id = rx.poll();
            assertEquals("6002", id == null ? null : id.number(), "the spill carries the waiting caller");
            assertFalse(a.fill(new short[160]), "quiet: the call's audio plays");
        }
    }

    @Test
    void noAcknowledgementNoSpillAndTheToneRepeatsAfterTenSeconds() {
        try (CallWaitingAlert a = new CallWaitingAlert("fxs9", us, new CallerId("6002", null, null), CallerIdFormat.MDMF, t)) {
            run(a, 380 + CallWaitingAlert.ACK_WINDOW_MS + 40, null);
            assertEquals(QUIET, a.phase(), "no ACK within the window");
            assertEquals(List.of("SAS->CAS", "CAS->ACK_WAIT", "ACK_WAIT->QUIET"),
                    a.history().stream().map(x -> x.from() + "->" + x.to()).toList());
            run(a, CallWaitingAlert.REPEAT_MS - 700, null);
            assertEquals(QUIET, a.phase());
            List<short[]> again = run(a, 400, null);
            assertEquals(List.of("SAS->CAS", "CAS->ACK_WAIT", "ACK_WAIT->QUIET", "QUIET->SAS", "SAS->QUIET"),
                    a.history().stream().map(x -> x.from() + "->" + x.to()).toList(), "the tone again after 10 s, no CAS");
            assertTrue(again.stream().anyMatch(f -> Goertzel.dominant(f, 0, 160, 440, 0.8)));
        }
    }

    @Test
    void withoutCallerIdOnlyTheTone() {
        try (CallWaitingAlert a = new CallWaitingAlert("fxs9", us, null, CallerIdFormat.MDMF, t)) {
            run(a, 400, null);
            assertEquals(List.of("SAS->QUIET"), a.history().stream().map(x -> x.from() + "->" + x.to()).toList());
        }
    }

    /** Runs ticks as the channel does (hear, tick, fill) for {@code ms}; the phone says {@code digit} meanwhile. */
    private List<short[]> run(CallWaitingAlert a, int ms, String digit) {
        List<short[]> out = new ArrayList<>();
        DtmfGenerator g = digit == null ? null : new DtmfGenerator(60, 20, -10);
        if (g != null) g.queue(digit);
        for (int i = 0; i < ms / 20; i++) {
            t += 20;
            short[] in = new short[160];
            if (g != null) g.generate(in, 0, 160);
            a.hear(in, t);
            a.tick(t);
            short[] f = new short[160];
            if (a.fill(f)) out.add(f);
        }
        if (g != null) g.close();
        return out;
    }
}
