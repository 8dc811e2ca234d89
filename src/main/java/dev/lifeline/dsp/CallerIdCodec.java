package dev.lifeline.dsp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;

/**
 * The message layer of caller ID, kept apart from the modems: which fields a spill carries
 * (Bellcore GR-30 SDMF/MDMF, ETSI EN 300 659-3 CLIP, ETSI DTMF CLIP) and how received
 * messages turn back into a {@link CallerId}. spandsp's adsi does modulation, framing and
 * checksum; the field choice is policy and lives here, testable without native code.
 */
final class CallerIdCodec {
    private CallerIdCodec() {}

    /** spandsp ADSI_STANDARD_* codes. */
    static final int ADSI_CLASS = 1, ADSI_CLIP = 2, ADSI_CLIP_DTMF = 5;

    /** Message types and field codes shared by CLASS and CLIP. */
    static final int SDMF_CALLERID = 0x04, MDMF_CALLERID = 0x80;
    static final int F_DATETIME = 0x01, F_NUMBER = 0x02, F_NUMBER_ABSENT = 0x04, F_NAME = 0x07, F_NAME_ABSENT = 0x08;

    static final int MAX_NUMBER = 20;
    static final int BELL_MAX_NAME = 15, ETSI_MAX_NAME = 50;

    static int adsiStandard(CallerIdStandard s) {
        return switch (s) {
            case BELL202 -> ADSI_CLASS;
            case V23 -> ADSI_CLIP;
            case DTMF -> ADSI_CLIP_DTMF;
        };
    }

    /**
     * The message as [msgType, (fieldType, len, body)*] for the native adsi_add_field loop.
     * A null time is omitted in MDMF and replaced by the current time in SDMF (it is mandatory
     * there); a null number is sent as "O" (unavailable). Names are truncated to the standard's
     * limit (15 characters Bell, 50 ETSI), as exchanges do.
     */
    static byte[] encode(CallerIdStandard standard, CallerIdFormat format, CallerId id) {
        String number = id.number();
        if (number != null && (number.isEmpty() || number.length() > MAX_NUMBER))
            throw new IllegalArgumentException("caller-ID number must be 1.." + MAX_NUMBER + " characters: \"" + number + "\"");
        var out = new ByteArrayOutputStream();
        if (standard == CallerIdStandard.DTMF) {
            out.write('C'); // C-terminated (spandsp CLIP_DTMF_C_TERMINATED); 'A' = calling number
            if (number == null) {
                field(out, 'B', "00"); // number unavailable
            } else {
                if (!number.chars().allMatch(Character::isDigit))
                    throw new IllegalArgumentException("DTMF caller ID carries digits only: \"" + number + "\"");
                field(out, 'A', number);
            }
            return out.toByteArray();
        }
        if (format == CallerIdFormat.SDMF) {
            if (standard != CallerIdStandard.BELL202) throw new IllegalArgumentException("SDMF exists only for Bell 202 caller ID");
            LocalDateTime t = id.time() != null ? id.time() : LocalDateTime.now();
            out.write(SDMF_CALLERID);
            field(out, 0, dateTime(t));
            field(out, 0, number == null ? "O" : number);
            return out.toByteArray();
        }
        out.write(MDMF_CALLERID);
        if (id.time() != null) field(out, F_DATETIME, dateTime(id.time()));
        if (number != null) field(out, F_NUMBER, number);
        else field(out, F_NUMBER_ABSENT, "O");
        if (id.name() != null && !id.name().isEmpty()) {
            int max = standard == CallerIdStandard.BELL202 ? BELL_MAX_NAME : ETSI_MAX_NAME;
            String name = id.name().length() > max ? id.name().substring(0, max) : id.name();
            field(out, F_NAME, name);
        }
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, int type, String body) {
        byte[] b = body.getBytes(StandardCharsets.US_ASCII); // unmappable characters become '?'
        out.write(type);
        out.write(b.length);
        out.write(b, 0, b.length);
    }

    private static String dateTime(LocalDateTime t) {
        return String.format("%02d%02d%02d%02d", t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute());
    }

    /** A received, checksum-verified message as a CallerId, or null if it is not a caller-ID message. */
    static CallerId decode(CallerIdStandard standard, byte[] msg, int len, int year) {
        if (standard == CallerIdStandard.DTMF) return decodeDtmf(new String(msg, 0, len, StandardCharsets.ISO_8859_1));
        if (len < 2) return null;
        int type = msg[0] & 0xFF;
        int end = Math.min(len, 2 + (msg[1] & 0xFF));
        if (type == SDMF_CALLERID) {
            if (end - 2 < 8) return null;
            return new CallerId(text(msg, 10, end - 10), null, parseTime(text(msg, 2, 8), year));
        }
        if (type != MDMF_CALLERID) return null; // message waiting, charge info, ...
        String number = null, name = null;
        LocalDateTime time = null;
        for (int pos = 2; pos + 2 <= end; ) {
            int ft = msg[pos] & 0xFF, fl = msg[pos + 1] & 0xFF;
            if (pos + 2 + fl > end) break; // corrupt: keep what we have
            String body = text(msg, pos + 2, fl);
            switch (ft) {
                case F_DATETIME -> time = parseTime(body, year);
                case F_NUMBER -> number = body;
                case F_NUMBER_ABSENT -> { if (number == null) number = body; }
                case F_NAME -> name = body;
                default -> { } // name absence and fields we do not show
            }
            pos += 2 + fl;
        }
        return number == null && name == null ? null : new CallerId(number, name, time);
    }

    /** ETSI DTMF CLIP: e.g. "A6000C", "D6000#", "6000#", or "B10C" (absence: 10 = private). */
    private static CallerId decodeDtmf(String s) {
        if (s.endsWith("C") || s.endsWith("#")) s = s.substring(0, s.length() - 1);
        if (s.isEmpty()) return null;
        char first = s.charAt(0);
        if (first == 'B') return new CallerId(s.startsWith("B1") ? "P" : "O", null, null);
        String digits = Character.isDigit(first) ? s : s.substring(1);
        int i = 0;
        while (i < digits.length() && Character.isDigit(digits.charAt(i))) i++;
        return i == 0 ? null : new CallerId(digits.substring(0, i), null, null);
    }

    private static String text(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    /** "MMDDHHMM" in the given year; null if malformed (a CID unit shows no time then). */
    static LocalDateTime parseTime(String s, int year) {
        if (s.length() != 8 || !s.chars().allMatch(Character::isDigit)) return null;
        try {
            return LocalDateTime.of(year, Integer.parseInt(s.substring(0, 2)), Integer.parseInt(s.substring(2, 4)),
                    Integer.parseInt(s.substring(4, 6)), Integer.parseInt(s.substring(6, 8)));
        } catch (DateTimeException e) {
            return null;
        }
    }
}
