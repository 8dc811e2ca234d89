package dev.lifeline.mgmt.web;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.store.Cdr;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void fieldsAreQuotedOnlyWhenTheyMustBe() {
        assertEquals("6001", Csv.field("6001"));
        assertEquals("", Csv.field(""));
        assertEquals("\"Smith, John\"", Csv.field("Smith, John"));
        assertEquals("\"say \"\"hi\"\"\"", Csv.field("say \"hi\""));
        assertEquals("\"two\nlines\"", Csv.field("two\nlines"));
        assertEquals("\"cr\rhere\"", Csv.field("cr\rhere"));
        assertEquals("a,,\"b,c\"", Csv.row(Arrays.asList("a", null, "b,c")));
    }

    @Test
    void formulasAreDefusedButNumbersStayNumbers() {
        assertEquals("\"'=HYPERLINK(\"\"x\"\")\"", Csv.field("=HYPERLINK(\"x\")"));
        assertEquals("\"'=1+2,3\"", Csv.field("=1+2,3"));
        assertEquals("'@SUM(A1)", Csv.field("@SUM(A1)"));
        assertEquals("'+cmd|' /C calc'!A0", Csv.field("+cmd|' /C calc'!A0"));
        assertEquals("'-2+3+cmd", Csv.field("-2+3+cmd"));
        assertEquals("'\tx", Csv.field("\tx"));
        assertEquals("+15555550100", Csv.field("+15555550100"), "E.164 numbers are left alone");
        assertEquals("-1.5", Csv.field("-1.5"));
    }

    @Test
    void cdrsHaveAHeaderAndOneCrlfLinePerCdr() {
        Instant t0 = Instant.parse("2026-12-06T10:00:00Z");
        Cdr c = Cdr.builder().uuid("u-1").gatewayId("gw").direction("internal").callingNumber("6000")
                .callingName("Reception, front").calledDialled("6001").calledNumber("6001").srcLeg("fxs:fxs1").dstLeg("fxs:fxs2")
                .start(t0).answer(t0.plusSeconds(2)).end(t0.plusMillis(12_345)).q850Cause(16).mode("survival")
                .forwardedFrom("6003").build().withSeq(7);
        String csv = Csv.cdrs(List.of(c));
        String[] lines = csv.split("\r\n", -1);
        assertEquals(3, lines.length, csv);
        assertEquals(Csv.HEADER_LINE, lines[0]);
        assertEquals("", lines[2], "ends with CRLF");
        assertEquals("7,2026-12-06T10:00:00Z,2026-12-06T10:00:02Z,2026-12-06T10:00:12.345Z,internal,6000,\"Reception, front\","
                + "6001,6001,fxs:fxs1,fxs:fxs2,12.345,11,16,,survival,,u-1,6003", lines[1], "forwarded_from last");
    }
}
