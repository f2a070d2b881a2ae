package io.jitploy.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.config.ProjectFileEditor.RecipientKind;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Generated valid configurations parse to what was generated; editor edits round-trip through the parser. */
class ConfigPropertiesTest {
    private static final List<String> ZONES = List.of("UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata");
    private static final String BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    /** What a generated environment should parse to. */
    record Env(
            String name,
            List<String> branches,
            boolean pullRequests,
            String file,
            List<String> age,
            Optional<String> promoteFrom,
            Optional<String> cron,
            Duration freezeDuration,
            String zone,
            boolean flow) {}

    @Property(tries = 300)
    void validGeneratedConfigsParseToWhatWasGenerated(@ForAll("configs") List<Env> envs) {
        String text = render(envs);

        JitployConfig config = ConfigLoader.parse(text, "generated.yml");

        assertThat(config.environmentNames())
                .containsExactlyElementsOf(envs.stream().map(Env::name).toList());
        for (Env env : envs) {
            EnvironmentSpec spec = config.environment(env.name()).orElseThrow();
            assertThat(spec.branches()).isEqualTo(env.branches());
            assertThat(spec.pullRequests()).isEqualTo(env.pullRequests());
            assertThat(spec.file()).isEqualTo(env.file());
            assertThat(spec.recipients().age()).isEqualTo(env.age());
            assertThat(spec.promoteFrom()).isEqualTo(env.promoteFrom());
            if (env.cron().isPresent()) {
                FreezeWindow window = spec.freezes().get(0);
                assertThat(window.cron()).hasToString(env.cron().get());
                assertThat(window.duration()).isEqualTo(env.freezeDuration());
                assertThat(window.zone()).isEqualTo(ZoneId.of(env.zone()));
            } else {
                assertThat(spec.freezes()).isEmpty();
            }
        }
    }

    @Property(tries = 200)
    void editorEditsRoundTripThroughTheParser(
            @ForAll("configs") List<Env> envs, @ForAll("edits") List<Map.Entry<Integer, String>> edits) {
        String text = render(envs);
        Map<String, Set<String>> expected = new LinkedHashMap<>();
        envs.forEach(env -> expected.put(env.name(), new LinkedHashSet<>(env.age())));

        for (Map.Entry<Integer, String> edit : edits) {
            Env env = envs.get(edit.getKey() % envs.size());
            String before = text;
            Set<String> recipients = expected.get(env.name());
            if (recipients.contains(edit.getValue())) {
                text = ProjectFileEditor.removeRecipient(text, env.name(), RecipientKind.AGE, edit.getValue());
                recipients.remove(edit.getValue());
            } else {
                text = ProjectFileEditor.addRecipient(text, env.name(), RecipientKind.AGE, edit.getValue());
                recipients.add(edit.getValue());
            }
            // Only lines of the edited environment change: everything else stays byte-identical.
            assertThat(outside(text, env.name())).isEqualTo(outside(before, env.name()));
            assertThat(ProjectFileEditorTest.changedLines(before, text)).hasSizeBetween(1, 3);
            JitployConfig config = ConfigLoader.parse(text, "edited.yml");
            for (Env each : envs) {
                assertThat(config.environment(each.name())
                                .orElseThrow()
                                .recipients()
                                .age())
                        .containsExactlyInAnyOrderElementsOf(expected.get(each.name()));
            }
        }
    }

    /** The lines of {@code text} outside the block of environment {@code name} (as {@link #render} lays it out). */
    private static List<String> outside(String text, String name) {
        List<String> kept = new ArrayList<>();
        boolean inside = false;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("  \"")) {
                inside = line.startsWith("  \"" + name + "\":");
            }
            if (!inside) {
                kept.add(line);
            }
        }
        return kept;
    }

    @Property(tries = 100)
    void createdFilesParseAndAcceptNewEnvironments(
            @ForAll("names") List<String> names, @ForAll("names") List<String> more) {
        String text = ProjectFileEditor.create(names);
        for (String name : more) {
            if (!names.contains(name)) {
                text = ProjectFileEditor.addEnvironment(text, name);
            }
        }
        List<String> all = new ArrayList<>(names);
        more.stream().filter(name -> !names.contains(name)).forEach(all::add);
        assertThat(ConfigLoader.parse(text, "created.yml").environmentNames()).containsExactlyElementsOf(all);
    }

    @Provide
    Arbitrary<List<String>> names() {
        return Arbitraries.strings()
                .withChars("abcdefgh-_0123")
                .ofMinLength(1)
                .ofMaxLength(8)
                .filter(name -> Character.isLetterOrDigit(name.charAt(0)))
                .list()
                .uniqueElements()
                .ofMinSize(1)
                .ofMaxSize(4);
    }

    @Provide
    Arbitrary<List<Map.Entry<Integer, String>>> edits() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 100), ageRecipient().injectDuplicates(0.5))
                .as(Map::entry)
                .list()
                .ofMinSize(1)
                .ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Env>> configs() {
        return names().flatMap(names -> {
            List<Arbitrary<Env>> envs = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                envs.add(env(names.get(i), i == 0 ? List.of() : names.subList(0, i)));
            }
            return Combinators.combine(envs).as(list -> onePreviewAtMost(list));
        });
    }

    private static List<Env> onePreviewAtMost(List<Env> envs) {
        List<Env> result = new ArrayList<>();
        boolean seen = false;
        for (Env env : envs) {
            boolean preview = env.pullRequests() && !seen;
            seen |= preview;
            result.add(new Env(
                    env.name(),
                    env.branches(),
                    preview,
                    env.file(),
                    env.age(),
                    env.promoteFrom(),
                    env.cron(),
                    env.freezeDuration(),
                    env.zone(),
                    env.flow()));
        }
        return result;
    }

    private Arbitrary<Env> env(String name, List<String> earlier) {
        Arbitrary<Optional<String>> promoteFrom = earlier.isEmpty()
                ? Arbitraries.just(Optional.empty())
                : Arbitraries.of(earlier).optional();
        return Builders.withBuilder(() -> new Object[10])
                .use(Arbitraries.just(name))
                .in((b, v) -> set(b, 0, v))
                .use(branchGlob().list().ofMaxSize(3))
                .in((b, v) -> set(b, 1, v))
                .use(Arbitraries.of(true, false))
                .in((b, v) -> set(b, 2, v))
                .use(Arbitraries.of("config/", "", "deploy/secrets/").map(dir -> dir + name + ".enc.yaml"))
                .in((b, v) -> set(b, 3, v))
                .use(ageRecipient().list().uniqueElements().ofMaxSize(3))
                .in((b, v) -> set(b, 4, v))
                .use(promoteFrom)
                .in((b, v) -> set(b, 5, v))
                .use(cron().optional())
                .in((b, v) -> set(b, 6, v))
                .use(Arbitraries.longs().between(1, 100_000).map(Duration::ofMinutes))
                .in((b, v) -> set(b, 7, v))
                .use(Arbitraries.of(ZONES))
                .in((b, v) -> set(b, 8, v))
                .use(Arbitraries.of(true, false))
                .in((b, v) -> set(b, 9, v))
                .build(ConfigPropertiesTest::toEnv);
    }

    private static Object[] set(Object[] values, int index, Object value) {
        values[index] = value;
        return values;
    }

    @SuppressWarnings("unchecked")
    private static Env toEnv(Object[] v) {
        return new Env(
                (String) v[0],
                (List<String>) v[1],
                (Boolean) v[2],
                (String) v[3],
                (List<String>) v[4],
                (Optional<String>) v[5],
                (Optional<String>) v[6],
                (Duration) v[7],
                (String) v[8],
                (Boolean) v[9]);
    }

    static Arbitrary<String> ageRecipient() {
        return Arbitraries.strings().withChars(BECH32).ofLength(58).map(body -> "age1" + body);
    }

    static Arbitrary<String> branchGlob() {
        Arbitrary<String> segment = Arbitraries.strings()
                .withChars("abc*?-._1")
                .ofMinLength(1)
                .ofMaxLength(5)
                .filter(s -> !s.contains("**"));
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(6, segment), net.jqwik.api.Tuple.of(1, Arbitraries.just("**")))
                .list()
                .ofMinSize(1)
                .ofMaxSize(3)
                .map(parts -> String.join("/", parts));
    }

    static Arbitrary<String> cron() {
        Arbitrary<String> minute = Arbitraries.of("0", "*/15", "5,35", "0-10/5", "59");
        Arbitrary<String> hour = Arbitraries.of("*", "18", "9-17", "22", "0,12");
        Arbitrary<String> dayOfMonth = Arbitraries.of("*", "1", "1-7", "15,28");
        Arbitrary<String> month = Arbitraries.of("*", "JAN", "dec", "1-12/3", "JUN-AUG");
        Arbitrary<String> dayOfWeek = Arbitraries.of("*", "FRI", "MON-FRI", "0", "7", "sat,sun");
        return Combinators.combine(minute, hour, dayOfMonth, month, dayOfWeek)
                .as((a, b, c, d, e) -> String.join(" ", a, b, c, d, e));
    }

    static String render(List<Env> envs) {
        StringBuilder out = new StringBuilder("version: 1\n# generated\nenvironments:\n");
        for (Env env : envs) {
            List<String> fields = new ArrayList<>();
            if (!env.branches().isEmpty()) {
                fields.add("branches: " + quotedList(env.branches()));
            }
            if (env.pullRequests()) {
                fields.add("pull_requests: true");
            }
            fields.add("file: " + env.file());
            if (!env.age().isEmpty()) {
                fields.add("recipients: {age: " + quotedList(env.age()) + "}");
            }
            env.promoteFrom().ifPresent(from -> fields.add("promote_from: \"" + from + "\""));
            env.cron()
                    .ifPresent(cron -> fields.add("freeze: [{cron: \"" + cron + "\", duration: "
                            + DurationText.format(env.freezeDuration()) + ", timezone: " + env.zone() + "}]"));
            out.append("  \"").append(env.name()).append("\":");
            if (env.flow()) {
                out.append(" {").append(String.join(", ", fields)).append("}\n");
            } else {
                out.append('\n');
                fields.forEach(field -> out.append("    ").append(field).append("  # note\n"));
            }
        }
        return out.toString();
    }

    private static String quotedList(List<String> values) {
        return "[" + String.join(", ", values.stream().map(v -> "\"" + v + "\"").toList()) + "]";
    }
}
