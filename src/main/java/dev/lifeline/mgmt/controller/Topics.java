package dev.lifeline.mgmt.controller;

/**
 * The topics of one gateway (DESIGN §9): everything lives under
 * {@code lifeline/v1/<site>/<gatewayId>/}, so the site and gateway id name the topics and
 * cannot be changed by a pushed config.
 */
public record Topics(String site, String gatewayId) {
    public static final String ROOT = "lifeline/v1/";

    public String prefix() { return ROOT + site + "/" + gatewayId + "/"; }

    public String status() { return prefix() + "status"; }
    public String configSet() { return prefix() + "config/set"; }
    public String configAck() { return prefix() + "config/ack"; }
    public String cdr() { return prefix() + "cdr"; }
    public String cdrAck() { return prefix() + "cdr/ack"; }
    public String alarm() { return prefix() + "alarm"; }
    public String cmd() { return prefix() + "cmd"; }
    public String cmdAck() { return prefix() + "cmd/ack"; }
}
