package io.jitploy.ledger;

import java.util.Locale;

/** Why a deploy happened. Exposed to deploy commands as {@code JITPLOY_TRIGGER} in lower case. */
public enum Trigger {
    PUSH,
    PROMOTE,
    ROLLBACK,
    MANUAL;

    /** The value of {@code JITPLOY_TRIGGER}. */
    public String variableValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
