package dev.lifeline.mgmt.cwmp;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;

/** Builds the Inform (TR-069 §A.3.3.1): the device id, the events, and the forced and changed parameters. */
final class Inform {
    private Inform() {}

    /**
     * @param events event code → CommandKey, in the order they happened
     * @param params the parameters to report (forced ones first, then value changes)
     */
    static Soap.Message build(String id, ParameterTree tree, Map<String, String> events, List<Param> params, int retryCount,
                              Instant now) {
        Soap.Message m = Soap.envelope(id);
        Element inform = m.rpc("Inform");
        Element dev = Soap.add(inform, "DeviceId", null);
        Soap.add(dev, "Manufacturer", value(tree, DeviceModel.INFO + "Manufacturer"));
        Soap.add(dev, "OUI", value(tree, DeviceModel.INFO + "ManufacturerOUI"));
        Soap.add(dev, "ProductClass", value(tree, DeviceModel.INFO + "ProductClass"));
        Soap.add(dev, "SerialNumber", value(tree, DeviceModel.INFO + "SerialNumber"));
        Element ev = Soap.array(inform, "Event", "cwmp:EventStruct", events.size());
        events.forEach((code, key) -> {
            Element s = Soap.add(ev, "EventStruct", null);
            Soap.add(s, "EventCode", code);
            Soap.add(s, "CommandKey", key);
        });
        Soap.add(inform, "MaxEnvelopes", "1");
        Soap.add(inform, "CurrentTime", now.truncatedTo(ChronoUnit.SECONDS).toString());
        Soap.add(inform, "RetryCount", Integer.toString(retryCount));
        Element list = Soap.array(inform, "ParameterList", "cwmp:ParameterValueStruct", params.size());
        for (Param p : params) Soap.value(list, p.name(), p.type(), p.value());
        return m;
    }

    /** The TransferComplete request (TR-069 §A.3.3.2) for a finished firmware transfer. */
    static Soap.Message transferComplete(String id, dev.lifeline.mgmt.firmware.TransferRecord r) {
        Soap.Message m = Soap.envelope(id);
        Element tc = m.rpc("TransferComplete");
        Soap.add(tc, "CommandKey", r.commandKey());
        Element f = Soap.add(tc, "FaultStruct", null);
        Soap.add(f, "FaultCode", Integer.toString(r.faultCode()));
        String why = r.faultString();
        Soap.add(f, "FaultString", why.length() > 256 ? why.substring(0, 253) + "..." : why);
        Soap.add(tc, "StartTime", r.start().truncatedTo(ChronoUnit.SECONDS).toString());
        Soap.add(tc, "CompleteTime", r.complete().truncatedTo(ChronoUnit.SECONDS).toString());
        return m;
    }

    private static String value(ParameterTree t, String name) {
        Param p = t.param(name);
        return p == null ? "" : p.value();
    }
}
