package dev.lifeline.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** RFC 3261 §19.3: tags, Call-IDs and branch ids carry at least 32 random bits from a SecureRandom. */
class SipIdsTest {
    @Test
    void tagsAre64RandomBitsAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        int[] ones = new int[64];
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            String t = SipIds.tag();
            assertTrue(t.matches("[0-9a-f]{16}"), t);
            assertTrue(seen.add(t), "repeated tag " + t);
            long v = Long.parseUnsignedLong(t, 16);
            for (int b = 0; b < 64; b++) if ((v >>> b & 1) == 1) ones[b]++;
        }
        // every bit varies (a fixed prefix, as Math.random()'s double bits had, would show here)
        for (int b = 0; b < 64; b++) assertTrue(ones[b] > n * 0.45 && ones[b] < n * 0.55, "bit " + b + " set " + ones[b] + " times");
    }

    @Test
    void callIdsAre128BitsAtHost() {
        String c = SipIds.callId("10.0.0.1");
        assertTrue(c.matches("[0-9a-f]{32}@10\\.0\\.0\\.1"), c);
    }

    @Test
    void jainSipGeneratesBranchesAndTagsFromSecureRandomOnceAHostExists() throws Exception {
        try (SipHost h = new SipHost("127.0.0.1", FreePorts.udpAndTcp(), 1)) {
            assertInstanceOf(SecureRandom.class, SipIds.stackRandom());
            Set<String> branches = new HashSet<>();
            for (int i = 0; i < 1000; i++) {
                String b = gov.nist.javax.sip.Utils.getInstance().generateBranchId();
                assertTrue(b.startsWith("z9hG4bK") && b.replaceAll("[^0-9a-f]", "").length() >= 32, b);
                branches.add(b);
            }
            assertEquals(1000, branches.size());
            String tag = gov.nist.javax.sip.Utils.getInstance().generateTag();
            assertTrue(tag.matches("[0-9a-f-]{1,9}"), tag);
        }
    }
}
