package io.jitploy.bench;

import io.jitploy.envfile.DecryptedEnvFile;
import io.jitploy.envfile.EncryptedEnvFile;
import io.jitploy.envfile.EncryptionSettings;
import io.jitploy.envfile.EnvFileFormat;
import io.jitploy.envfile.keys.AgeKeyPair;
import io.jitploy.envfile.keys.KeyRing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decrypting and encrypting an env file of 1,000 variables (random 32-character values, one age recipient): the
 * work of a {@code decryptEnv} step and of {@code jitploy lock}. Decrypt includes unwrapping the data key, every
 * value and the MAC check; encrypt includes parsing the plaintext, wrapping a new data key and emitting the file.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EnvFileBenchmark {
    @Param({"YAML", "DOTENV"})
    public String format;

    private byte[] plaintext;
    private byte[] encrypted;
    private EncryptionSettings settings;
    private AgeKeyPair pair;
    private EnvFileFormat fileFormat;

    @Setup
    public void setUp() {
        fileFormat = EnvFileFormat.valueOf(format);
        pair = AgeKeyPair.generate();
        settings = EncryptionSettings.forRecipients(List.of(pair.toRecipient()));
        StringBuilder text = new StringBuilder();
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 1000; i++) {
            StringBuilder value = new StringBuilder();
            for (int j = 0; j < 32; j++) {
                value.append((char) ('a' + random.nextInt(26)));
            }
            text.append("VARIABLE_").append(i).append(fileFormat == EnvFileFormat.YAML ? ": " : "=");
            text.append(value).append('\n');
        }
        plaintext = text.toString().getBytes(StandardCharsets.UTF_8);
        encrypted = EncryptedEnvFile.encrypt(plaintext, fileFormat, settings).toBytes();
    }

    @Benchmark
    public Map<String, String> decrypt() {
        try (KeyRing keys = KeyRing.of(pair.toIdentity());
                DecryptedEnvFile file =
                        EncryptedEnvFile.parse(encrypted, fileFormat).decrypt(keys)) {
            return file.toEnvironment();
        }
    }

    @Benchmark
    public byte[] encrypt() {
        return EncryptedEnvFile.encrypt(plaintext, fileFormat, settings).toBytes();
    }
}
