package io.jitploy.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helper: damages an encrypted file the way an attacker or a bad merge would. */
final class Tampering {
    private Tampering() {}

    /** Flips one base64 character inside the {@code data:} of the first line starting with {@code prefix}. */
    static void flipValue(Path file, String prefix) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int data = line.indexOf("data:");
            if (line.strip().startsWith(prefix) && data >= 0) {
                char[] chars = line.toCharArray();
                int at = data + 5;
                chars[at] = chars[at] == 'A' ? 'B' : 'A';
                lines.set(i, new String(chars));
                Files.write(file, lines, StandardCharsets.UTF_8);
                return;
            }
        }
        throw new IllegalArgumentException("no encrypted line starting with " + prefix + " in " + file);
    }
}
