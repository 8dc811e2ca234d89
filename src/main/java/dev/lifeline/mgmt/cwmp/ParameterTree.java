package dev.lifeline.mgmt.cwmp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of the whole exposed data model: objects (names ending in a dot, with whether
 * AddObject/DeleteObject may be used on them) and parameters, in model order. Built fresh for each
 * RPC from the running gateway, so it never drifts from what the gateway does.
 */
final class ParameterTree {
    static final String ROOT = "Device.";
    private final Map<String, Boolean> objects = new LinkedHashMap<>();
    private final Map<String, Param> params = new LinkedHashMap<>();
    private final Map<String, Rename> renames = new LinkedHashMap<>();

    /**
     * A parameter whose write gives SIP account {@code instance} another extension: after the
     * change is applied the account keeps its instance number under the new extension.
     */
    record Rename(int instance, java.util.function.Function<String, String> extension) { }

    void object(String name, boolean writable) { objects.put(name, writable); }

    void add(Param p) { params.put(p.name(), p); }

    Param param(String name) { return params.get(name); }

    void renames(String param, int accountInstance, java.util.function.Function<String, String> extension) {
        renames.put(param, new Rename(accountInstance, extension));
    }

    /** The account a write of {@code param} renumbers, or null. */
    Rename rename(String param) { return renames.get(param); }

    boolean hasObject(String name) { return objects.containsKey(name); }

    boolean objectWritable(String name) { return Boolean.TRUE.equals(objects.get(name)); }

    Iterable<Param> params() { return params.values(); }

    /** Names in the model with their writability (objects and parameters), for GetParameterNames. */
    record Info(String name, boolean writable) { }

    /**
     * GetParameterNames (TR-069 §A.3.2.3): a partial path ending in a dot lists the object (unless
     * {@code nextLevel}) and everything below, or with {@code nextLevel} the direct children only;
     * a full parameter name lists that parameter; empty means the root.
     */
    List<Info> names(String path, boolean nextLevel) throws Fault.Raised {
        List<Info> out = new ArrayList<>();
        if (path == null || path.isEmpty()) {
            if (nextLevel) return List.of(new Info(ROOT, false));
            path = ROOT;
        }
        if (!path.endsWith(".")) {
            Param p = params.get(path);
            if (p == null) throw new Fault.Raised(Fault.INVALID_PARAMETER_NAME, "no such parameter: " + path);
            if (nextLevel) throw new Fault.Raised(Fault.INVALID_ARGUMENTS, "NextLevel must be false for a parameter name");
            return List.of(new Info(p.name(), p.writable()));
        }
        if (!objects.containsKey(path)) throw new Fault.Raised(Fault.INVALID_PARAMETER_NAME, "no such object: " + path);
        if (!nextLevel) out.add(new Info(path, objects.get(path)));
        for (Map.Entry<String, Boolean> o : objects.entrySet()) {
            if (o.getKey().equals(path) || !o.getKey().startsWith(path)) continue;
            if (!nextLevel || directChild(path, o.getKey())) out.add(new Info(o.getKey(), o.getValue()));
        }
        for (Param p : params.values()) {
            if (!p.name().startsWith(path)) continue;
            if (!nextLevel || p.name().indexOf('.', path.length()) < 0) out.add(new Info(p.name(), p.writable()));
        }
        return out;
    }

    /** Parameters for GetParameterValues/-Attributes: full names, or partial paths (every parameter below). */
    List<Param> select(List<String> names) throws Fault.Raised {
        List<Param> out = new ArrayList<>();
        for (String n : names) {
            if (n.isEmpty()) n = ROOT;
            if (n.endsWith(".")) {
                if (!objects.containsKey(n)) throw new Fault.Raised(Fault.INVALID_PARAMETER_NAME, "no such object: " + n);
                for (Param p : params.values()) if (p.name().startsWith(n)) out.add(p);
            } else {
                Param p = params.get(n);
                if (p == null) throw new Fault.Raised(Fault.INVALID_PARAMETER_NAME, "no such parameter: " + n);
                out.add(p);
            }
        }
        return out;
    }

    private static boolean directChild(String parent, String object) {
        String rest = object.substring(parent.length(), object.length() - 1);
        return !rest.isEmpty() && rest.indexOf('.') < 0;
    }
}
