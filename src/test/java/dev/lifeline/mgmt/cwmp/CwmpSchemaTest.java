package dev.lifeline.mgmt.cwmp;

import static org.junit.jupiter.api.Assertions.*;

import dev.lifeline.rig.acs.CwmpSchema;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The schema check the reference ACS applies to every agent message is a real check: the agent's
 * own Inform and fault pass, and messages with the mistakes an encoder makes are caught.
 */
class CwmpSchemaTest {
    private final CwmpSchema schema;

    CwmpSchemaTest() throws Exception { schema = new CwmpSchema(); }

    private static ParameterTree tree(String oui) {
        ParameterTree t = new ParameterTree();
        t.add(Param.ro(DeviceModel.INFO + "Manufacturer", "xsd:string", "Lifeline"));
        t.add(Param.ro(DeviceModel.INFO + "ManufacturerOUI", "xsd:string", oui));
        t.add(Param.ro(DeviceModel.INFO + "ProductClass", "xsd:string", "Lifeline-sim"));
        t.add(Param.ro(DeviceModel.INFO + "SerialNumber", "xsd:string", "gw-demo"));
        t.add(Param.ro(DeviceModel.INFO + "UpTime", "xsd:unsignedInt", 42));
        return t;
    }

    private static byte[] inform(String oui) {
        ParameterTree t = tree(oui);
        Map<String, String> events = new LinkedHashMap<>();
        events.put("0 BOOTSTRAP", "");
        events.put("1 BOOT", "");
        return Soap.bytes(Inform.build("1", t, events, List.of(t.param(DeviceModel.INFO + "UpTime")), 0, Instant.EPOCH));
    }

    @Test
    void theAgentsInformAndFaultsAreValid() {
        assertEquals(List.of(), schema.check(inform(DeviceModel.OUI)));
        Fault f = new Fault(Fault.INVALID_ARGUMENTS, "Invalid arguments",
                List.of(new Fault.ParameterFault("Device.X", Fault.NOT_WRITABLE, "not writable")));
        assertEquals(List.of(), schema.check(Soap.bytes(Soap.fault("7", f))));
    }

    @Test
    void mistakesAreCaught() {
        assertFalse(schema.check(inform("xyz")).isEmpty(), "an OUI is six upper-case hex digits");
        Soap.Message m = Soap.envelope("2");
        Element r = m.rpc("GetParameterValuesResponse");
        Soap.add(r, "ParameterList", null); // no soapenc:arrayType, which the schema requires
        assertFalse(schema.check(Soap.bytes(m)).isEmpty());
        Soap.Message wrong = Soap.envelope("3");
        Soap.add(wrong.rpc("SetParameterValuesResponse"), "Status", "7"); // 0 or 1 only
        assertFalse(schema.check(Soap.bytes(wrong)).isEmpty());
        Soap.Message noId = Soap.envelope(null);
        noId.rpc("GetRPCMethods");
        assertTrue(schema.check(Soap.bytes(noId)).contains("no cwmp:ID header"));
        assertFalse(schema.check("<x/>".getBytes(StandardCharsets.UTF_8)).isEmpty());
    }
}
