package dev.lifeline.call;

import dev.lifeline.sip.session.CallSession;
import java.util.concurrent.ThreadLocalRandom;
import org.tinylog.Logger;

/**
 * The gateway's own switch of a SIP leg to T.38 when its line is heard faxing: one re-INVITE
 * offering image/t38; the answer decides T.38 or G.711 pass-through ({@link SipMedia#t38Answered}).
 * On 491 (it crossed the far end's re-INVITE, RFC 3261 §14.1) it tries once more after a random
 * 2.1-4 s, unless the far end's own T.38 offer has been taken meanwhile.
 */
final class FaxReinvite {
    private FaxReinvite() {}

    /** Engine thread. */
    static void offer(SipContext ctx, CallSession session, SipMedia media) { offer(ctx, session, media, true); }

    private static void offer(SipContext ctx, CallSession session, SipMedia media, boolean mayRetry) {
        if (session == null || session.state() != CallSession.State.CONFIRMED || media.t38()) return;
        String sdp = media.offerT38();
        if (sdp == null) return;
        session.reinvite(sdp, (status, answer) -> ctx.engine().execute(() -> {
            if (status == 491 && mayRetry) {
                media.withdrawT38();
                long wait = 2100 + ThreadLocalRandom.current().nextLong(1900);
                Logger.info("sip {}: T.38 re-INVITE crossed the far end's (491): again in {} ms", shortId(session), wait);
                ctx.engine().after(wait, () -> offer(ctx, session, media, false));
                return;
            }
            media.t38Answered(status, answer);
        }));
    }

    private static String shortId(CallSession s) { return s.callId().length() > 8 ? s.callId().substring(0, 8) : s.callId(); }
}
