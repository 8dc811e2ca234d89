package dev.lifeline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** Maps {@link Cdr} to and from rows of the {@code cdr} table; kept apart so CdrStore reads as the journal's logic. */
final class CdrRows {
    static final String COLUMNS = "seq, uuid, gateway_id, direction, calling_number, calling_name, called_dialled, called_number, "
            + "src_leg, dst_leg, start_ms, answer_ms, end_ms, duration_ms, billable_sec, q850_cause, sip_status, mode, codec, "
            + "rtp_packets_sent, rtp_packets_received, rtp_packets_lost, rtp_jitter_ms, rtp_rtt_ms, forwarded_from, "
            + "srtp_suite, srtp_auth_failures, srtp_replays, fax";
    static final String INSERT = "INSERT INTO cdr (" + COLUMNS + ") VALUES (" + "?, ".repeat(28) + "?)";

    private CdrRows() {}

    static void bind(PreparedStatement ps, Cdr c) throws SQLException {
        int i = 1;
        ps.setLong(i++, c.seq());
        ps.setString(i++, c.uuid());
        ps.setString(i++, c.gatewayId());
        ps.setString(i++, c.direction());
        ps.setString(i++, c.callingNumber());
        ps.setString(i++, c.callingName());
        ps.setString(i++, c.calledDialled());
        ps.setString(i++, c.calledNumber());
        ps.setString(i++, c.srcLeg());
        ps.setString(i++, c.dstLeg());
        ps.setLong(i++, c.start().toEpochMilli());
        setLong(ps, i++, c.answer() == null ? null : c.answer().toEpochMilli());
        ps.setLong(i++, c.end().toEpochMilli());
        ps.setLong(i++, c.durationMs());
        ps.setLong(i++, c.billableSec());
        ps.setInt(i++, c.q850Cause());
        setLong(ps, i++, c.sipStatus() == null ? null : c.sipStatus().longValue());
        ps.setString(i++, c.mode());
        ps.setString(i++, c.codec());
        RtpStats r = c.rtp();
        setLong(ps, i++, r == null ? null : r.packetsSent());
        setLong(ps, i++, r == null ? null : r.packetsReceived());
        setLong(ps, i++, r == null ? null : r.packetsLost());
        if (r == null) {
            ps.setNull(i++, Types.REAL);
            ps.setNull(i++, Types.REAL);
        } else {
            ps.setDouble(i++, r.jitterMs());
            ps.setDouble(i++, r.rttMs());
        }
        ps.setString(i++, c.forwardedFrom());
        ps.setString(i++, r == null ? null : r.srtpSuite());
        setLong(ps, i++, r == null || !r.srtp() ? null : r.srtpAuthFailures());
        setLong(ps, i++, r == null || !r.srtp() ? null : r.srtpReplays());
        ps.setString(i, c.fax());
    }

    static Cdr read(ResultSet rs) throws SQLException {
        Long answer = getLong(rs, "answer_ms");
        Long sip = getLong(rs, "sip_status");
        Long sent = getLong(rs, "rtp_packets_sent");
        RtpStats rtp = sent == null ? null : new RtpStats(sent, rs.getLong("rtp_packets_received"),
                rs.getLong("rtp_packets_lost"), rs.getDouble("rtp_jitter_ms"), rs.getDouble("rtp_rtt_ms"),
                rs.getString("srtp_suite"), rs.getLong("srtp_auth_failures"), rs.getLong("srtp_replays"));
        return new Cdr(rs.getLong("seq"), rs.getString("uuid"), rs.getString("gateway_id"), rs.getString("direction"),
                rs.getString("calling_number"), rs.getString("calling_name"), rs.getString("called_dialled"),
                rs.getString("called_number"), rs.getString("src_leg"), rs.getString("dst_leg"),
                Instant.ofEpochMilli(rs.getLong("start_ms")), answer == null ? null : Instant.ofEpochMilli(answer),
                Instant.ofEpochMilli(rs.getLong("end_ms")), rs.getLong("duration_ms"), rs.getLong("billable_sec"),
                rs.getInt("q850_cause"), sip == null ? null : sip.intValue(), rs.getString("mode"), rs.getString("codec"), rtp,
                rs.getString("forwarded_from"), rs.getString("fax"));
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) ps.setNull(i, Types.INTEGER);
        else ps.setLong(i, v);
    }

    private static Long getLong(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }
}
