package io.jitploy.envfile;

import io.jitploy.envfile.keys.Recipient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to encrypt a new file: its recipients, the selection rule, whether the MAC covers only encrypted values,
 * and the clock for {@code lastmodified}.
 */
public final class EncryptionSettings {
    private final List<Recipient> recipients;
    private final SelectionRule selectionRule;
    private final boolean macOnlyEncrypted;
    private final Clock clock;

    private EncryptionSettings(Builder builder) {
        this.recipients = List.copyOf(builder.recipients);
        this.selectionRule = builder.selectionRule;
        this.macOnlyEncrypted = builder.macOnlyEncrypted;
        this.clock = builder.clock;
    }

    /** Settings with the default rule ({@code unencrypted_suffix: _unencrypted}) for the given recipients. */
    public static EncryptionSettings forRecipients(List<? extends Recipient> recipients) {
        return builder().recipients(recipients).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Recipient> recipients() {
        return recipients;
    }

    public SelectionRule selectionRule() {
        return selectionRule;
    }

    public boolean macOnlyEncrypted() {
        return macOnlyEncrypted;
    }

    public Clock clock() {
        return clock;
    }

    /** Builder; at least one recipient is required. */
    public static final class Builder {
        private final List<Recipient> recipients = new ArrayList<>();
        private SelectionRule selectionRule = SelectionRule.defaultRule();
        private boolean macOnlyEncrypted;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        public Builder recipients(List<? extends Recipient> recipients) {
            this.recipients.addAll(recipients);
            return this;
        }

        public Builder recipient(Recipient recipient) {
            this.recipients.add(Objects.requireNonNull(recipient));
            return this;
        }

        public Builder selectionRule(SelectionRule rule) {
            this.selectionRule = Objects.requireNonNull(rule);
            return this;
        }

        public Builder macOnlyEncrypted(boolean macOnlyEncrypted) {
            this.macOnlyEncrypted = macOnlyEncrypted;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public EncryptionSettings build() {
            if (recipients.isEmpty()) {
                throw new IllegalArgumentException("At least one recipient is required: nobody could open the file.");
            }
            return new EncryptionSettings(this);
        }
    }
}
