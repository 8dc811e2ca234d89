package dev.lifeline.call;

import dev.lifeline.sip.upstream.DigestSecret;

/**
 * Who a branch caller is at HQ: the user part of {@code sip:<user>@<upstream domain>} presented in
 * From, and the credentials that answer HQ's challenge (auth user = From user at HQ). An FXS line
 * has its configured upstream identity; a branch SIP phone is {@code <extension>@<domain>} with its
 * provisioned HA1, which only answers HQ when HQ's realm is the gateway's realm.
 *
 * @param displayName caller-ID name to present, or null
 */
public record HqIdentity(String user, String displayName, DigestSecret secret) {}
