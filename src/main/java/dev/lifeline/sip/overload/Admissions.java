package dev.lifeline.sip.overload;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JAIN-SIP creates the valve and the message processor factory itself, by class name, so they
 * find the {@link Admission} of their stack here, by the stack's (unique) name.
 */
public final class Admissions {
    private static final Map<String, Admission> BY_STACK = new ConcurrentHashMap<>();

    private Admissions() {}

    public static void register(String stackName, Admission a) { BY_STACK.put(stackName, a); }

    public static void remove(String stackName) { BY_STACK.remove(stackName); }

    static Admission of(String stackName) { return BY_STACK.get(stackName); }
}
