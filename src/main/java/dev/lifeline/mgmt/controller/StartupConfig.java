package dev.lifeline.mgmt.controller;

import dev.lifeline.config.BoardProfile;
import dev.lifeline.config.ConfigException;
import dev.lifeline.config.ConfigLoader;
import dev.lifeline.config.SiteConfig;
import dev.lifeline.store.ConfigVersions;
import java.util.function.Predicate;
import org.tinylog.Logger;

/**
 * Which site config a starting gateway runs: the newest config the controller pushed and the
 * gateway applied (kept in SQLite), else the file. A stored config that no longer validates
 * (firmware or board changed) is skipped for the next older one. A stored config of another
 * gateway id or site is ignored: the file says who this box is.
 *
 * @param version 0 for the file, else the pushed version
 */
public record StartupConfig(SiteConfig site, long version, String source) {

    /**
     * @param fileSite   the config loaded from {@code fileName}
     * @param usable     extra checks the gateway makes before starting (tone zone available...)
     */
    public static StartupConfig choose(ConfigVersions stored, BoardProfile board, SiteConfig fileSite, String fileName,
                                       Predicate<SiteConfig> usable) {
        for (ConfigVersions.Stored s : stored.newestFirst(ConfigVersions.APPLIED)) {
            String source = "stored controller v" + s.version();
            SiteConfig site;
            try {
                site = ConfigLoader.loadSite(s.yaml(), source, board);
            } catch (ConfigException e) {
                Logger.warn("{} no longer validates ({} error(s), first: {}); trying an older one", source,
                        e.errors().size(), e.errors().get(0));
                continue;
            }
            if (!site.gatewayId().equals(fileSite.gatewayId()) || !site.site().equals(fileSite.site())) {
                Logger.warn("{} is for gateway {} of site {}, this box is {} of {} (from {}); ignored", source,
                        site.gatewayId(), site.site(), fileSite.gatewayId(), fileSite.site(), fileName);
                continue;
            }
            if (!usable.test(site)) {
                Logger.warn("{} cannot be used on this box; trying an older one", source);
                continue;
            }
            Logger.info("running controller config v{} (file {} ignored)", s.version(), fileName);
            return new StartupConfig(site, s.version(), source);
        }
        return new StartupConfig(fileSite, 0, fileName);
    }
}
