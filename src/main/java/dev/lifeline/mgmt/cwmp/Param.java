package dev.lifeline.mgmt.cwmp;

import java.util.Map;

/**
 * One parameter of the data model as the agent exposes it now: name, TR-069 type, whether the
 * ACS may write it, its value, and how a write changes the site config.
 *
 * @param type     {@code xsd:string}, {@code xsd:unsignedInt}, {@code xsd:int}, {@code xsd:boolean}, {@code xsd:dateTime}
 * @param value    what GetParameterValues answers (empty for passwords: they are write-only)
 * @param setter   null for read-only parameters
 * @param configPath the site-config field it writes (config errors on it become its fault), or null
 */
record Param(String name, String type, boolean writable, String value, Setter setter, String configPath) {
    /** Changes the site config's YAML tree for a new value. */
    @FunctionalInterface
    interface Setter {
        /** @return why the value is refused (fault 9007), or null when the tree was changed */
        String set(Map<String, Object> yaml, String value);
    }

    static Param ro(String name, String type, Object value) {
        return new Param(name, type, false, String.valueOf(value), null, null);
    }

    static Param rw(String name, String type, Object value, String configPath, Setter setter) {
        return new Param(name, type, true, String.valueOf(value), setter, configPath);
    }

    /** A writable parameter whose only accepted value is the one it has (the gateway cannot do otherwise). */
    static Param fixed(String name, String type, Object value) {
        String v = String.valueOf(value);
        return new Param(name, type, true, v, (yaml, nv) -> Types.same(type, v, nv) ? null
                : "this gateway only supports " + v + " here", null);
    }
}
