package dev.lifeline.rig.fax;

/**
 * spandsp's T.30 completion codes by name (the {@code T30_ERR_*} enum of {@code spandsp/t30.h}, in
 * its order), so a failed fax in a test message or the bench report says {@code RX_DCNWHY} and not
 * only 35, and can be looked up.
 */
public final class T30Codes {
    private static final String[] NAMES = {
        "OK", "CEDTONE", "T0_EXPIRED", "T1_EXPIRED", "T3_EXPIRED", "HDLC_CARRIER", "CANNOT_TRAIN",
        "OPER_INT_FAIL", "INCOMPATIBLE", "RX_INCAPABLE", "TX_INCAPABLE", "NORESSUPPORT",
        "NOSIZESUPPORT", "UNEXPECTED", "TX_BADDCS", "TX_BADPG", "TX_ECMPHD", "TX_GOTDCN",
        "TX_INVALRSP", "TX_NODIS", "TX_PHBDEAD", "TX_PHDDEAD", "TX_T5EXP", "RX_ECMPHD", "RX_GOTDCS",
        "RX_INVALCMD", "RX_NOCARRIER", "RX_NOEOL", "RX_NOFAX", "RX_T2EXPDCN", "RX_T2EXPD",
        "RX_T2EXPFAX", "RX_T2EXPMPS", "RX_T2EXPRR", "RX_T2EXP", "RX_DCNWHY", "RX_DCNDATA", "RX_DCNFAX",
        "RX_DCNPHD", "RX_DCNRRD", "RX_DCNNORTN", "FILEERROR", "NOPAGE", "BADTIFF", "BADPAGE", "BADTAG",
        "BADTIFFHDR", "NOMEM", "RETRYDCN", "CALLDROPPED", "NOPOLL", "IDENT_UNACCEPTABLE",
        "SUB_UNACCEPTABLE", "SEP_UNACCEPTABLE", "PSA_UNACCEPTABLE", "SID_UNACCEPTABLE",
        "PWD_UNACCEPTABLE", "TSA_UNACCEPTABLE", "IRA_UNACCEPTABLE", "CIA_UNACCEPTABLE",
        "ISP_UNACCEPTABLE", "CSA_UNACCEPTABLE"
    };

    private T30Codes() {}

    /** The code's name without {@code T30_ERR_} ({@code OK} for 0), "never ran" for -1, else the number. */
    public static String name(int code) {
        if (code == -1) return "never ran";
        return code >= 0 && code < NAMES.length ? NAMES[code] : "code " + code;
    }
}
