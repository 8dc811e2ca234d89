package dev.lifeline.mgmt;

import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;

/**
 * Californium's configuration without its properties file: by default it writes
 * Californium3.properties into the working directory, which on the device is read-only.
 */
public final class CoapSetup {
    private CoapSetup() {}

    private static Configuration config;

    public static synchronized Configuration configuration() {
        if (config == null) {
            CoapConfig.register();
            UdpConfig.register();
            org.eclipse.californium.scandium.config.DtlsConfig.register();
            Configuration c = Configuration.createStandardWithoutFile();
            c.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 1 << 20);
            Configuration.setStandard(c);
            config = c;
        }
        return config;
    }
}
