package dev.lifeline.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A routing rule on the normalized number: the first route whose {@code match} finds it
 * gives the destinations to try in order, falling back to the next when one is busy or down.
 *
 * @param via destinations: {@code local} (an extension of this site), {@code hq} (the upstream
 *            SIP servers), {@code fxo} (any FXO trunk port), {@code fxo:<port>}, {@code span:<id>}
 */
public record Route(Pattern match, List<String> via) {
    public Route {
        via = List.copyOf(via);
    }

    public boolean matches(String number) {
        return match.matcher(number).find();
    }
}
