package dev.lifeline.mgmt.cwmp;

import java.util.ArrayList;
import java.util.List;
import org.tinylog.Logger;
import org.w3c.dom.Element;

/**
 * Answers the ACS's requests inside a session (TR-069 §A.3.2): the read side here, changes in
 * {@link Changes}. An RPC the agent does not implement gets fault 9000; arguments that are not
 * understood get 9003; names not in the model 9005.
 */
final class Rpcs {
    static final List<String> METHODS = List.of("GetRPCMethods", "GetParameterNames", "GetParameterValues",
            "SetParameterValues", "GetParameterAttributes", "SetParameterAttributes", "AddObject", "DeleteObject",
            "Reboot", "ScheduleInform", "Download", "FactoryReset");
    private final AgentHost host;
    private final Changes changes;

    Rpcs(AgentHost host) {
        this.host = host;
        this.changes = new Changes(host);
    }

    /** The response (or fault) to one ACS request. */
    Soap.Message handle(Soap.Received req) {
        String name = req.name();
        try {
            return switch (name) {
                case "GetRPCMethods" -> getRpcMethods(req.id());
                case "GetParameterNames" -> getParameterNames(req);
                case "GetParameterValues" -> getParameterValues(req);
                case "GetParameterAttributes" -> getParameterAttributes(req);
                case "SetParameterValues" -> changes.setParameterValues(req);
                case "SetParameterAttributes" -> changes.setParameterAttributes(req);
                case "AddObject" -> changes.addObject(req);
                case "DeleteObject" -> changes.deleteObject(req);
                case "Reboot" -> reboot(req);
                case "ScheduleInform" -> scheduleInform(req);
                case "Download" -> FirmwareDownload.handle(host.firmware(), req);
                case "FactoryReset" -> factoryReset(req);
                default -> throw new Fault.Raised(Fault.METHOD_NOT_SUPPORTED, "method not supported: " + name);
            };
        } catch (Fault.Raised f) {
            Logger.info("cwmp: {} answered with fault {} ({})", name, f.fault.code(), f.fault.message());
            return Soap.fault(req.id(), f.fault);
        } catch (RuntimeException e) {
            Logger.error(e, "cwmp: {} failed", name);
            return Soap.fault(req.id(), new Fault(Fault.INTERNAL_ERROR, "internal error"));
        }
    }

    private Soap.Message getRpcMethods(String id) {
        Soap.Message m = Soap.envelope(id);
        Element list = Soap.array(m.rpc("GetRPCMethodsResponse"), "MethodList", "xsd:string", METHODS.size());
        for (String method : METHODS) Soap.add(list, "string", method);
        return m;
    }

    private Soap.Message getParameterNames(Soap.Received req) throws Fault.Raised {
        String path = Soap.text(req.rpc(), "ParameterPath");
        String next = Soap.text(req.rpc(), "NextLevel");
        Boolean nextLevel = next == null ? null : Types.bool(next);
        if (nextLevel == null) throw new Fault.Raised(Fault.INVALID_ARGUMENTS, "NextLevel must be a boolean");
        List<ParameterTree.Info> names = host.tree().names(path == null ? "" : path, nextLevel);
        Soap.Message m = Soap.envelope(req.id());
        Element list = Soap.array(m.rpc("GetParameterNamesResponse"), "ParameterList", "cwmp:ParameterInfoStruct", names.size());
        for (ParameterTree.Info i : names) {
            Element s = Soap.add(list, "ParameterInfoStruct", null);
            Soap.add(s, "Name", i.name());
            Soap.add(s, "Writable", i.writable() ? "true" : "false");
        }
        return m;
    }

    private Soap.Message getParameterValues(Soap.Received req) throws Fault.Raised {
        List<Param> params = host.tree().select(strings(req.rpc(), "ParameterNames"));
        Soap.Message m = Soap.envelope(req.id());
        Element list = Soap.array(m.rpc("GetParameterValuesResponse"), "ParameterList", "cwmp:ParameterValueStruct", params.size());
        for (Param p : params) Soap.value(list, p.name(), p.type(), p.value());
        return m;
    }

    private Soap.Message getParameterAttributes(Soap.Received req) throws Fault.Raised {
        List<Param> params = host.tree().select(strings(req.rpc(), "ParameterNames"));
        Soap.Message m = Soap.envelope(req.id());
        Element list = Soap.array(m.rpc("GetParameterAttributesResponse"), "ParameterList",
                "cwmp:ParameterAttributeStruct", params.size());
        for (Param p : params) {
            Element s = Soap.add(list, "ParameterAttributeStruct", null);
            Soap.add(s, "Name", p.name());
            Soap.add(s, "Notification", Integer.toString(host.state().notification(p.name())));
            Soap.array(s, "AccessList", "xsd:string", 0);
        }
        return m;
    }

    private Soap.Message reboot(Soap.Received req) {
        String key = Soap.text(req.rpc(), "CommandKey");
        host.rebootAfterSession(key == null ? "" : key);
        Soap.Message m = Soap.envelope(req.id());
        m.rpc("RebootResponse");
        return m;
    }

    private Soap.Message factoryReset(Soap.Received req) {
        host.factoryResetAfterSession();
        Soap.Message m = Soap.envelope(req.id());
        m.rpc("FactoryResetResponse");
        return m;
    }

    private Soap.Message scheduleInform(Soap.Received req) throws Fault.Raised {
        String delay = Soap.text(req.rpc(), "DelaySeconds");
        long seconds;
        try {
            seconds = Long.parseLong(delay == null ? "" : delay);
        } catch (NumberFormatException e) {
            throw new Fault.Raised(Fault.INVALID_ARGUMENTS, "DelaySeconds must be a whole number");
        }
        if (seconds < 1) throw new Fault.Raised(Fault.INVALID_ARGUMENTS, "DelaySeconds must be at least 1");
        String key = Soap.text(req.rpc(), "CommandKey");
        host.scheduleInform(seconds * 1000, key == null ? "" : key);
        Soap.Message m = Soap.envelope(req.id());
        m.rpc("ScheduleInformResponse");
        return m;
    }

    /** The texts of an array argument's items. */
    static List<String> strings(Element rpc, String arrayName) throws Fault.Raised {
        Element a = Soap.child(rpc, null, arrayName);
        if (a == null) throw new Fault.Raised(Fault.INVALID_ARGUMENTS, arrayName + " is missing");
        List<String> out = new ArrayList<>();
        for (Element e : Soap.children(a)) out.add(e.getTextContent().strip());
        return out;
    }
}
