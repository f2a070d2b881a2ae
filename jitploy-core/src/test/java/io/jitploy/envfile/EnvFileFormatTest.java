package io.jitploy.envfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EnvFileFormatTest {
    @Test
    void formatFollowsTheFileNameAsInSops() {
        assertThat(EnvFileFormat.fromPath(Path.of("config/staging.enc.yaml"))).isEqualTo(EnvFileFormat.YAML);
        assertThat(EnvFileFormat.fromPath(Path.of("a.YML"))).isEqualTo(EnvFileFormat.YAML);
        assertThat(EnvFileFormat.fromPath(Path.of("secrets.json"))).isEqualTo(EnvFileFormat.JSON);
        assertThat(EnvFileFormat.fromPath(Path.of("prod.env"))).isEqualTo(EnvFileFormat.DOTENV);
        assertThat(EnvFileFormat.fromPath(Path.of(".env"))).isEqualTo(EnvFileFormat.DOTENV);
        assertThat(EnvFileFormat.fromPath(Path.of("cert.pem"))).isEqualTo(EnvFileFormat.BINARY);
        assertThat(EnvFileFormat.fromPath(Path.of("settings.ini"))).isEqualTo(EnvFileFormat.BINARY);
    }

    @Test
    void goFloatFormatting() {
        assertThat(ValueEncoding.formatFloat(1234568000.0)).isEqualTo("1234568000");
        assertThat(ValueEncoding.formatFloat(0.1)).isEqualTo("0.1");
        assertThat(ValueEncoding.formatFloat(2e23)).isEqualTo("200000000000000000000000");
        assertThat(ValueEncoding.formatFloat(1e-7)).isEqualTo("0.0000001");
        assertThat(ValueEncoding.formatFloat(-0.5)).isEqualTo("-0.5");
        assertThat(ValueEncoding.floatLiteral(3.0, true)).isEqualTo("3.0");
        assertThat(ValueEncoding.floatLiteral(1e300, true)).isEqualTo("1.0e+300");
    }
}
