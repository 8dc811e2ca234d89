package dev.lifeline.mgmt.cwmp;

import java.util.List;

/**
 * A CWMP fault answered to an ACS request (TR-069 Table A.5.1), with the per-parameter faults of
 * a refused SetParameterValues (9003 carrying 9001–9008 each).
 */
record Fault(int code, String message, List<ParameterFault> parameters) {
    static final int METHOD_NOT_SUPPORTED = 9000;
    static final int REQUEST_DENIED = 9001;
    static final int INTERNAL_ERROR = 9002;
    static final int INVALID_ARGUMENTS = 9003;
    static final int RESOURCES_EXCEEDED = 9004;
    static final int INVALID_PARAMETER_NAME = 9005;
    static final int INVALID_PARAMETER_TYPE = 9006;
    static final int INVALID_PARAMETER_VALUE = 9007;
    static final int NOT_WRITABLE = 9008;
    static final int NOTIFICATION_REJECTED = 9009;

    Fault {
        parameters = List.copyOf(parameters);
    }

    Fault(int code, String message) { this(code, message, List.of()); }

    /** One refused parameter of a SetParameterValues. */
    record ParameterFault(String name, int code, String message) { }

    /** Thrown by RPC handlers to answer with a fault. */
    static final class Raised extends Exception {
        final Fault fault;

        Raised(int code, String message) {
            super(message);
            this.fault = new Fault(code, message);
        }

        Raised(Fault fault) {
            super(fault.message());
            this.fault = fault;
        }
    }
}
