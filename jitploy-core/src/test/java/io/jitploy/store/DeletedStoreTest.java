package io.jitploy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeletedStoreTest {
    private static final Instant DELETED = Instant.parse("2026-04-12T10:15:30.250Z");

    @Test
    void keepsTheStoreUnderANameNoItemCanHave() {
        String kept = DeletedStore.keptName("team", DELETED, name -> false);

        assertThat(kept).isEqualTo("team@deleted-20260412T101530Z");
        assertThat(kept).as("Jenkins refuses '@' in item names").contains("@");
        assertThat(kept).as("no ':' (Windows)").doesNotContain(":");
    }

    @Test
    void neverReusesANameInUse() {
        Set<String> taken = Set.of("team@deleted-20260412T101530Z", "team@deleted-20260412T101530Z-2");

        assertThat(DeletedStore.keptName("team", DELETED, taken::contains))
                .isEqualTo("team@deleted-20260412T101530Z-3");
    }

    @Test
    void refusesWhatIsNotATopLevelName() {
        assertThatThrownBy(() -> DeletedStore.keptName("", DELETED, name -> false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeletedStore.keptName("team/shop", DELETED, name -> false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeletedStore.keptName(null, DELETED, name -> false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
