package io.jenkins.plugins.jitploy.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.console.ConsoleLogFilter;
import hudson.model.AbstractBuild;
import hudson.model.Run;
import hudson.util.Secret;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.credentialsbinding.masking.SecretPatterns;
import org.jenkinsci.plugins.workflow.steps.BodyInvoker;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Binds decrypted variables to a block the way credentials-binding's {@code withCredentials} does: values are held
 * as {@link Secret} (encrypted if the program state is saved), declared sensitive so that Pipeline warns about
 * interpolation, and masked in the build log together with their common encodings (the {@code SecretPatternFactory}
 * extensions: base64, shell quoting, ...). Nothing is written to the workspace.
 */
final class SecretVariables {
    private SecretVariables() {}

    /** Adds the secret and public variables and the masking filter to a body invoker. */
    static BodyInvoker bind(
            BodyInvoker invoker, StepContext context, Map<String, String> secrets, Map<String, String> visible)
            throws IOException, InterruptedException {
        Run<?, ?> build = context.get(Run.class);
        invoker.withContext(
                EnvironmentExpander.merge(context.get(EnvironmentExpander.class), new Expander(secrets, visible)));
        if (!secrets.isEmpty()) {
            invoker.withContext(BodyInvoker.mergeConsoleLogFilters(
                    context.get(ConsoleLogFilter.class),
                    new MaskingFilter(secrets.values(), build.getCharset().name())));
        }
        return invoker;
    }

    static final class Expander extends EnvironmentExpander {
        private static final long serialVersionUID = 1L;

        private final Map<String, Secret> secrets = new HashMap<>();
        private final Map<String, String> visible;

        Expander(Map<String, String> secrets, Map<String, String> visible) {
            secrets.forEach((name, value) -> this.secrets.put(name, Secret.fromString(value)));
            this.visible = new HashMap<>(visible);
        }

        @Override
        public void expand(@NonNull EnvVars env) {
            visible.forEach(env::override);
            secrets.forEach((name, value) -> env.override(name, value.getPlainText()));
        }

        @NonNull
        @Override
        public Set<String> getSensitiveVariables() {
            return Collections.unmodifiableSet(secrets.keySet());
        }
    }

    static final class MaskingFilter extends ConsoleLogFilter implements Serializable {
        private static final long serialVersionUID = 1L;

        private final Secret pattern;
        private final String charsetName;

        MaskingFilter(Collection<String> values, String charsetName) {
            this.pattern = Secret.fromString(
                    SecretPatterns.getAggregateSecretPattern(values).pattern());
            this.charsetName = charsetName;
        }

        @Override
        @SuppressWarnings("rawtypes")
        public OutputStream decorateLogger(AbstractBuild ignored, OutputStream logger) {
            return new SecretPatterns.MaskingOutputStream(
                    logger, () -> Pattern.compile(pattern.getPlainText()), charsetName);
        }
    }
}
