package dev.lifeline.media.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeline.media.sdp.T38Sdp.ErrorCorrection;
import dev.lifeline.media.sdp.T38Sdp.Params;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class T38SdpTest {
    /** What Asterisk/FreeSWITCH-style gateways send in a T.38 re-INVITE (audio rejected, lower-case names, FEC). */
    private static final String FOREIGN = """
            v=0
            o=- 1 2 IN IP4 192.0.2.9
            s=-
            c=IN IP4 192.0.2.9
            t=0 0
            m=audio 0 RTP/AVP 0
            m=image 40000 udptl t38
            c=IN IP4 192.0.2.10
            a=t38faxversion:1
            a=t38maxbitrate:9600
            a=t38faxratemanagement:localTCF
            a=t38faxmaxbuffer:1800
            a=t38faxmaxdatagram:200
            a=t38faxudpec:t38UDPFEC
            a=T38FaxFillBitRemoval
            """.replace("\n", "\r\n");

    @Test
    void ourOfferCarriesEveryAnnexDAttributeAndReadsBack() {
        String sdp = T38Sdp.describe("127.0.0.1", 5004, Params.ours(14400, true), 7, 3);
        assertTrue(sdp.contains("m=image 5004 udptl t38\r\n"), sdp);
        for (String a : new String[] {"a=T38FaxVersion:0", "a=T38MaxBitRate:14400", "a=T38FaxRateManagement:transferredTCF",
                "a=T38FaxMaxBuffer:2000", "a=T38FaxMaxDatagram:400", "a=T38FaxUdpEC:t38UDPRedundancy"}) {
            assertTrue(sdp.contains(a + "\r\n"), a + " in " + sdp);
        }
        T38Sdp.Remote r = T38Sdp.parse(sdp).orElseThrow();
        assertEquals(new InetSocketAddress("127.0.0.1", 5004), r.udptl());
        assertEquals(Params.ours(14400, true), r.params());
    }

    @Test
    void aForeignOfferIsReadWithMediaLevelAddressAndAnsweredDown() {
        T38Sdp.Remote r = T38Sdp.parse(FOREIGN).orElseThrow();
        assertEquals(new InetSocketAddress("192.0.2.10", 40000), r.udptl(), "media-level c= wins over the session's");
        Params p = r.params();
        assertEquals(new Params(1, 9600, 1800, 200, ErrorCorrection.FEC, false), p);
        assertEquals(200, p.sendLimit());
        assertEquals(9600, p.optionsBitRate());
        Params answer = Params.ours(14400, true).answer(p);
        assertEquals(0, answer.version(), "the lower version");
        assertEquals(9600, answer.maxBitRate(), "the lower rate");
        assertEquals(ErrorCorrection.REDUNDANCY, answer.ec(), "we answer FEC with the redundancy we send");
        assertFalse(answer.transferredTcf(), "rate management is the offerer's");
        assertEquals(T38Sdp.OUR_MAX_DATAGRAM, answer.maxDatagram(), "our own receive size");
        Params noEc = new Params(0, 14400, 0, 0, ErrorCorrection.NONE, true);
        assertEquals(ErrorCorrection.NONE, Params.ours(14400, true).answer(noEc).ec());
        assertEquals(T38Sdp.OUR_MAX_DATAGRAM, noEc.sendLimit(), "unsaid: a size every peer takes");
    }

    @Test
    void defaultsApplyWhenAttributesAreMissingAndSessionAddressIsUsed() {
        String sdp = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=image 6000 udptl t38\r\n";
        T38Sdp.Remote r = T38Sdp.parse(sdp).orElseThrow();
        assertEquals(new InetSocketAddress("10.0.0.1", 6000), r.udptl());
        assertEquals(new Params(0, 14400, 0, 0, ErrorCorrection.NONE, true), r.params());
    }

    @Test
    void audioOnlyRejectedOrBrokenImageStreamsAreNotT38() {
        assertFalse(T38Sdp.hasT38(null));
        assertFalse(T38Sdp.hasT38("v=0\r\nc=IN IP4 10.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\n"));
        assertFalse(T38Sdp.hasT38("v=0\r\nc=IN IP4 10.0.0.1\r\nm=image 0 udptl t38\r\n"), "rejected stream");
        assertFalse(T38Sdp.hasT38("v=0\r\nm=image 4000 udptl t38\r\n"), "no address");
        assertFalse(T38Sdp.hasT38("v=0\r\nc=IN IP4 0.0.0.0\r\nm=image 4000 udptl t38\r\n"), "hold address");
        assertFalse(T38Sdp.hasT38("v=0\r\nc=IN IP4 10.0.0.1\r\nm=image 4000 udptl t38\r\na=T38FaxVersion:9\r\n"), "no such version");
        assertFalse(T38Sdp.hasT38("v=0\r\nc=IN IP4 10.0.0.1\r\nm=image 4000 udptl t38\r\na=T38FaxMaxDatagram:x\r\n"), "bad number");
        assertFalse(T38Sdp.hasT38("v=0\r\nc=IN IP4 10.0.0.1\r\nm=image 99999 udptl t38\r\n"), "bad port");
        assertFalse(T38Sdp.hasT38("v=0\r\nc=IN IP4 10.0.0.1\r\nm=image 4000 tcp t38\r\n"), "TCP transport is not ours");
        assertTrue(T38Sdp.hasT38("v=0\nc=IN IP4 10.0.0.1\nm=image 4000 UDPTL t38\n"), "bare LF and upper-case transport");
    }

    /** An offer with audio and image lines gets an answer with the same lines in the same order (RFC 3264 §6). */
    @Test
    void anAnswerKeepsTheOffersOtherStreamsRejectedInTheirPlace() {
        T38Sdp.Remote offer = T38Sdp.parse(FOREIGN).orElseThrow();
        assertEquals(1, offer.index());
        String sdp = T38Sdp.answer("127.0.0.1", 5004, Params.ours(14400, true).answer(offer.params()), 7, 3, offer);
        int audio = sdp.indexOf("m=audio 0 RTP/AVP 0\r\n"), image = sdp.indexOf("m=image 5004 udptl t38\r\n");
        assertTrue(audio > 0 && image > audio, sdp);
        assertEquals(2, sdp.split("\r\nm=", -1).length - 1, "two m= lines, as offered: " + sdp);
        String imageFirst = FOREIGN.replace("m=audio 0 RTP/AVP 0\r\n", "") + "m=audio 49170 RTP/AVP 8 0\r\na=rtpmap:8 PCMA/8000\r\n";
        T38Sdp.Remote second = T38Sdp.parse(imageFirst).orElseThrow();
        String two = T38Sdp.answer("127.0.0.1", 5004, Params.ours(14400, true), 7, 3, second);
        assertTrue(two.indexOf("m=image 5004") < two.indexOf("m=audio 0 RTP/AVP 8\r\n"), "the audio stream after, rejected: " + two);
    }
}
