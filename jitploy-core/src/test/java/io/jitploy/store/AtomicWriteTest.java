package io.jitploy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {
    @TempDir
    Path dir;

    private String[] files() throws IOException {
        try (Stream<Path> listed = Files.list(dir)) {
            return listed.map(path -> path.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void replacesTheFileAndLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("state.json");
        AtomicWrite.replace(target, out -> out.write("old".getBytes(StandardCharsets.UTF_8)));
        AtomicWrite.replace(target, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));

        assertThat(target).hasContent("new");
        assertThat(files()).containsExactly("state.json");
    }

    @Test
    void aWriteThatFailsHalfwayLeavesThePreviousFile() throws IOException {
        Path target = dir.resolve("state.json");
        AtomicWrite.replace(target, out -> out.write("old".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> AtomicWrite.replace(target, out -> {
                    out.write("half".getBytes(StandardCharsets.UTF_8));
                    throw new IOException("disk full");
                }))
                .hasMessage("disk full");

        assertThat(target).hasContent("old");
        assertThat(files()).containsExactly("state.json");
    }
}
