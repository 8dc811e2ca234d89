package dev.lifeline.sip.registrar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

/** Recognising a retransmitted REGISTER by Call-ID and CSeq, for 32 s, in bounded memory. */
class RegisterRetransmissionsTest {
    @Test
    void firstInProgressThenAnsweredThenForgottenAfter32s() {
        RegisterRetransmissions r = new RegisterRetransmissions();
        String k = RegisterRetransmissions.key("abc@phone", 2);
        assertInstanceOf(RegisterRetransmissions.First.class, r.arrived(k, 0));
        assertInstanceOf(RegisterRetransmissions.InProgress.class, r.arrived(k, 100), "while committing: drop the copy");
        r.answered(k, new RegisterRetransmissions.Answer(200, "7000"), 150);
        RegisterRetransmissions.Seen again = r.arrived(k, 600);
        assertEquals(new RegisterRetransmissions.Answered(new RegisterRetransmissions.Answer(200, "7000")), again);
        assertInstanceOf(RegisterRetransmissions.First.class, r.arrived(RegisterRetransmissions.key("abc@phone", 3), 700),
                "the next CSeq is a new request");
        assertInstanceOf(RegisterRetransmissions.First.class, r.arrived(k, 150 + RegisterRetransmissions.KEEP_MS + 1));
    }

    @Test
    void boundedByCapacity() {
        RegisterRetransmissions r = new RegisterRetransmissions();
        for (int i = 0; i < RegisterRetransmissions.CAPACITY * 2; i++) r.arrived(RegisterRetransmissions.key("c" + i, 1), i);
        assertEquals(RegisterRetransmissions.CAPACITY, r.size());
    }
}
