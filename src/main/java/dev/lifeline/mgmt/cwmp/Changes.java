package dev.lifeline.mgmt.cwmp;

import dev.lifeline.config.ConfigError;
import dev.lifeline.mgmt.controller.VersionedConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tinylog.Logger;
import org.w3c.dom.Element;

/**
 * The RPCs that change the gateway: SetParameterValues, SetParameterAttributes, AddObject and
 * DeleteObject. Value changes are edits of the running site config's text that go through
 * {@link VersionedConfig#change} — the same validation and atomic apply as a controller push — so
 * a SetParameterValues is all or nothing: any refused parameter, or any config error the edit
 * would cause, answers fault 9003 with a fault per parameter (9005 unknown, 9008 not writable,
 * 9006 wrong type, 9007 refused value) and changes nothing.
 */
final class Changes {
    private static final String ACCOUNTS = "SIP.Registrar.1.Account.";
    private final AgentHost host;

    Changes(AgentHost host) { this.host = host; }

    /** One requested value. */
    private record Write(Param param, String value) { }

    Soap.Message setParameterValues(Soap.Received req) throws Fault.Raised {
        Element list = Soap.child(req.rpc(), null, "ParameterList");
        String key = Soap.text(req.rpc(), "ParameterKey");
        if (list == null || key == null) throw new Fault.Raised(Fault.INVALID_ARGUMENTS, "ParameterList and ParameterKey are required");
        ParameterTree tree = host.tree();
        List<Write> writes = new ArrayList<>();
        List<Fault.ParameterFault> faults = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Element s : Soap.children(list)) {
            String name = Soap.text(s, "Name");
            Element valueEl = Soap.child(s, null, "Value");
            if (name == null || valueEl == null) throw new Fault.Raised(Fault.INVALID_ARGUMENTS, "a ParameterValueStruct needs Name and Value");
            if (!seen.add(name)) throw new Fault.Raised(Fault.INVALID_ARGUMENTS, name + " appears twice");
            String value = valueEl.getTextContent();
            String xsiType = valueEl.getAttributeNS(Soap.XSI, "type");
            Param p = tree.param(name);
            if (p == null) {
                faults.add(new Fault.ParameterFault(name, Fault.INVALID_PARAMETER_NAME, "no such parameter"));
            } else if (!p.writable()) {
                faults.add(new Fault.ParameterFault(name, Fault.NOT_WRITABLE, "not writable"));
            } else if (!xsiType.isEmpty() && !localType(xsiType).equals(localType(p.type()))) {
                faults.add(new Fault.ParameterFault(name, Fault.INVALID_PARAMETER_TYPE, "the type is " + p.type() + ", not " + xsiType));
            } else if (Types.check(p.type(), value) != null) {
                faults.add(new Fault.ParameterFault(name, Fault.INVALID_PARAMETER_VALUE, Types.check(p.type(), value)));
            } else {
                writes.add(new Write(p, value));
            }
        }
        String text = host.config().runningText();
        if (text == null) throw new Fault.Raised(Fault.INTERNAL_ERROR, "the running config's text is not known");
        // dry run: values the setters refuse (before anything is applied)
        Map<String, Object> dry = YamlTree.load(text);
        for (Write w : writes) {
            String why = w.param().setter().set(dry, w.value());
            if (why != null) faults.add(new Fault.ParameterFault(w.param().name(), Fault.INVALID_PARAMETER_VALUE, why));
        }
        if (!faults.isEmpty()) throw refused(faults);
        Map<Integer, Map<String, String>> pending = pendingAfter(writes);
        int status = 0;
        boolean changesConfig = !YamlTree.load(text).equals(applyAll(YamlTree.load(text), writes, pending));
        if (changesConfig) {
            VersionedConfig.Outcome out = host.config().change("tr069 SetParameterValues",
                    t -> YamlTree.edit(t, y -> applyAll(y, writes, pending)));
            if (!out.applied()) throw refused(configFaults(writes, out.problems(), text));
            status = out.restartRequired().isEmpty() ? 0 : 1;
        }
        commitPending(pending);
        keepAccountNumbers(tree, writes);
        for (Write w : writes) {
            if (w.param().name().endsWith("DeviceInfo.ProvisioningCode")) host.state().provisioningCode(w.value());
        }
        host.state().parameterKey(key);
        host.changedByAcs();
        Logger.info("cwmp: SetParameterValues of {} parameter(s) applied (key '{}', status {})", writes.size(), key, status);
        Soap.Message m = Soap.envelope(req.id());
        Soap.add(m.rpc("SetParameterValuesResponse"), "Status", Integer.toString(status));
        return m;
    }

    private static String localType(String t) { return t.substring(t.indexOf(':') + 1); }

    private static Fault.Raised refused(List<Fault.ParameterFault> faults) {
        return new Fault.Raised(new Fault(Fault.INVALID_ARGUMENTS, "Invalid arguments", faults));
    }

    /**
     * Config errors become 9007s on the parameters that write the fields they name. When none of
     * them names a written field (an error elsewhere that the change caused, e.g. a new number equal
     * to a hunt group's pilot), the first error goes to each parameter that changes the config at all
     * (a parameter set to the value it has is not to blame).
     */
    private static List<Fault.ParameterFault> configFaults(List<Write> writes, List<ConfigError> problems, String text) {
        List<Fault.ParameterFault> out = new ArrayList<>();
        for (Write w : writes) {
            problems.stream().filter(e -> matches(w, e)).findFirst()
                    .ifPresent(e -> out.add(new Fault.ParameterFault(w.param().name(), Fault.INVALID_PARAMETER_VALUE, describe(e))));
        }
        if (out.isEmpty()) {
            Map<String, Object> original = YamlTree.load(text);
            for (Write w : writes) {
                Map<String, Object> alone = YamlTree.load(text);
                w.param().setter().set(alone, w.value());
                if (alone.equals(original) && writes.size() > 1) continue;
                out.add(new Fault.ParameterFault(w.param().name(), Fault.INVALID_PARAMETER_VALUE, describe(problems.get(0))));
            }
        }
        if (out.isEmpty()) { // only pending accounts changed the config: blame them all
            for (Write w : writes) out.add(new Fault.ParameterFault(w.param().name(), Fault.INVALID_PARAMETER_VALUE, describe(problems.get(0))));
        }
        return out;
    }

    private static boolean matches(Write w, ConfigError e) {
        String cp = w.param().configPath();
        String f = e.field() == null ? "" : e.field();
        return cp != null && (f.equals(cp) || f.startsWith(cp + ".") || f.startsWith(cp + "[") || cp.startsWith(f + "."));
    }

    private static String describe(ConfigError e) {
        return (e.field() == null || e.field().isEmpty() ? "" : e.field() + ": ") + e.message();
    }

    /** The pending (AddObject'ed) accounts with this request's writes merged in. */
    private Map<Integer, Map<String, String>> pendingAfter(List<Write> writes) {
        Map<Integer, Map<String, String>> out = new LinkedHashMap<>();
        for (Write w : writes) {
            Integer instance = pendingInstance(w.param().name());
            if (instance == null) continue;
            Map<String, String> f = out.computeIfAbsent(instance, i -> new LinkedHashMap<>(host.pendingAccounts().get(i)));
            String field = w.param().name().substring(w.param().name().lastIndexOf('.') + 1);
            switch (field) {
                case "URI" -> f.put("extension", SipModel.extensionOf(w.value(), realm()));
                case "AuthUserName" -> f.put("auth-user", w.value());
                case "AuthPassword" -> f.put("password", w.value());
                default -> { }
            }
        }
        return out;
    }

    private String realm() { return host.realm(); }

    private Integer pendingInstance(String name) {
        int at = name.indexOf(ACCOUNTS);
        if (at < 0) return null;
        String rest = name.substring(at + ACCOUNTS.length());
        int dot = rest.indexOf('.');
        if (dot < 0) return null;
        int instance = Integer.parseInt(rest.substring(0, dot));
        return host.pendingAccounts().containsKey(instance) ? instance : null;
    }

    /** Runs the setters and appends pending accounts that are complete (extension and password) as users. */
    private static Map<String, Object> applyAll(Map<String, Object> y, List<Write> writes, Map<Integer, Map<String, String>> pending) {
        for (Write w : writes) w.param().setter().set(y, w.value());
        for (Map<String, String> f : pending.values()) {
            if (complete(f)) YamlTree.list(y, "users").add(new LinkedHashMap<String, Object>(f));
        }
        return y;
    }

    private static boolean complete(Map<String, String> f) {
        return f.get("extension") != null && f.get("password") != null && !f.get("password").isEmpty();
    }

    private void commitPending(Map<Integer, Map<String, String>> pending) {
        for (Map.Entry<Integer, Map<String, String>> e : pending.entrySet()) {
            if (complete(e.getValue())) {
                host.pendingAccounts().remove(e.getKey());
                host.state().account(e.getKey(), e.getValue().get("extension")); // the user keeps the AddObject's number
            } else {
                host.pendingAccounts().put(e.getKey(), e.getValue());
            }
        }
    }

    /** An account given another extension (its URI, or its Extension's number) keeps its instance number. */
    private void keepAccountNumbers(ParameterTree tree, List<Write> writes) {
        for (Write w : writes) {
            ParameterTree.Rename r = tree.rename(w.param().name());
            String ext = r == null ? null : r.extension().apply(w.value());
            if (ext != null) host.state().account(r.instance(), ext);
        }
    }

    Soap.Message setParameterAttributes(Soap.Received req) throws Fault.Raised {
        Element list = Soap.child(req.rpc(), null, "ParameterList");
        if (list == null) throw new Fault.Raised(Fault.INVALID_ARGUMENTS, "ParameterList is required");
        ParameterTree tree = host.tree();
        Map<String, Integer> changes = new LinkedHashMap<>();
        for (Element s : Soap.children(list)) {
            String name = Soap.text(s, "Name");
            Boolean change = Types.bool(String.valueOf(Soap.text(s, "NotificationChange")));
            String level = Soap.text(s, "Notification");
            if (name == null || change == null || level == null || !level.matches("[0-6]")) {
                throw new Fault.Raised(Fault.INVALID_ARGUMENTS, "a SetParameterAttributesStruct needs Name, NotificationChange and Notification");
            }
            if (!change) continue;
            int n = Integer.parseInt(level);
            if (n > 2) throw new Fault.Raised(Fault.NOTIFICATION_REJECTED, "notification " + n + " is not supported");
            for (Param p : tree.select(List.of(name))) {
                if (n == 2 && p.name().endsWith(".UpTime")) {
                    throw new Fault.Raised(Fault.NOTIFICATION_REJECTED, "active notification on " + p.name() + " is refused: it changes every second");
                }
                changes.put(p.name(), n);
            }
        }
        changes.forEach((name, level) -> host.state().notification(name, level));
        host.changedByAcs();
        Logger.info("cwmp: SetParameterAttributes on {} parameter(s)", changes.size());
        Soap.Message m = Soap.envelope(req.id());
        m.rpc("SetParameterAttributesResponse");
        return m;
    }

    /** AddObject's and DeleteObject's arguments: an object of the model, and the ParameterKey to store. */
    private record ObjectArgs(String object, String key, ParameterTree tree) {}

    private ObjectArgs objectArgs(Soap.Received req) throws Fault.Raised {
        String object = Soap.text(req.rpc(), "ObjectName");
        String key = Soap.text(req.rpc(), "ParameterKey");
        if (object == null || key == null) throw new Fault.Raised(Fault.INVALID_ARGUMENTS, "ObjectName and ParameterKey are required");
        ParameterTree tree = host.tree();
        if (!tree.hasObject(object)) throw new Fault.Raised(Fault.INVALID_PARAMETER_NAME, "no such object: " + object);
        return new ObjectArgs(object, key, tree);
    }

    Soap.Message addObject(Soap.Received req) throws Fault.Raised {
        ObjectArgs a = objectArgs(req);
        String object = a.object(), key = a.key();
        ParameterTree tree = a.tree();
        if (!tree.objectWritable(object)) throw new Fault.Raised(Fault.REQUEST_DENIED, "objects cannot be added to " + object);
        if (!object.endsWith(ACCOUNTS)) {
            throw new Fault.Raised(Fault.RESOURCES_EXCEEDED, object + " is full: its entries are the gateway's own (ports, registrar, codecs)");
        }
        int instance = host.state().takeAccountInstance(); // never one used before (TR-069 §A.3.2.6)
        host.pendingAccounts().put(instance, new LinkedHashMap<>());
        host.state().parameterKey(key);
        Logger.info("cwmp: AddObject {}{} (a SIP user once URI and AuthPassword are set)", object, instance);
        Soap.Message m = Soap.envelope(req.id());
        Element r = m.rpc("AddObjectResponse");
        Soap.add(r, "InstanceNumber", Integer.toString(instance));
        Soap.add(r, "Status", "0");
        return m;
    }

    /** The position in {@code users:} of the running config's user with {@code extension}, or -1. */
    private int extensionIndex(String extension) {
        String text = host.config().runningText();
        if (extension == null || text == null) return -1;
        List<Object> users = YamlTree.list(YamlTree.load(text), "users");
        for (int i = 0; i < users.size(); i++) {
            if (users.get(i) instanceof Map<?, ?> u && extension.equals(String.valueOf(u.get("extension")))) return i;
        }
        return -1;
    }

    Soap.Message deleteObject(Soap.Received req) throws Fault.Raised {
        ObjectArgs a = objectArgs(req);
        String object = a.object(), key = a.key();
        ParameterTree tree = a.tree();
        Integer pending = pendingInstance(object + "x");
        int status = 0;
        if (pending != null) {
            host.pendingAccounts().remove(pending);
        } else {
            int at = object.indexOf(ACCOUNTS);
            String rest = at < 0 ? "" : object.substring(at + ACCOUNTS.length());
            if (at < 0 || !rest.matches("\\d+\\.") || !tree.objectWritable(object)) {
                throw new Fault.Raised(Fault.REQUEST_DENIED, object + " cannot be deleted");
            }
            String extension = host.state().accountExtension(Integer.parseInt(rest.substring(0, rest.length() - 1)));
            int index = extensionIndex(extension);
            if (index < 0) throw new Fault.Raised(Fault.INVALID_PARAMETER_NAME, "no such object: " + object);
            VersionedConfig.Outcome out = host.config().change("tr069 DeleteObject",
                    t -> YamlTree.edit(t, y -> YamlTree.list(y, "users").remove(index)));
            if (!out.applied()) {
                ConfigError e = out.problems().get(0);
                throw new Fault.Raised(Fault.INVALID_ARGUMENTS, "refused: " + e.field() + ": " + e.message());
            }
            status = out.restartRequired().isEmpty() ? 0 : 1;
        }
        host.state().parameterKey(key);
        host.changedByAcs();
        Logger.info("cwmp: DeleteObject {}", object);
        Soap.Message m = Soap.envelope(req.id());
        Soap.add(m.rpc("DeleteObjectResponse"), "Status", Integer.toString(status));
        return m;
    }
}
