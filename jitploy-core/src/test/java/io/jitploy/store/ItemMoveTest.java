package io.jitploy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.store.ItemMove.Kind;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ItemMoveTest {
    @Test
    void classifiesRenamesAndMoves() {
        assertThat(new ItemMove("team", "platform").kind(false)).isEqualTo(Kind.TOP_LEVEL_RENAMED);
        assertThat(new ItemMove("team", "org/team").kind(false))
                .as("a top-level folder moved into another folder")
                .isEqualTo(Kind.TOP_LEVEL_RENAMED);
        assertThat(new ItemMove("team/shop", "team/store").kind(true)).isEqualTo(Kind.WITHIN_STORE);
        assertThat(new ItemMove("team/a/shop", "team/b/shop").kind(true)).isEqualTo(Kind.WITHIN_STORE);
        assertThat(new ItemMove("team/shop", "platform/shop").kind(false))
                .as("the descendants of a renamed top-level folder")
                .isEqualTo(Kind.INSIDE_RENAMED_TOP_LEVEL);
        assertThat(new ItemMove("team/shop", "ops/shop").kind(true)).isEqualTo(Kind.TO_ANOTHER_STORE);
        assertThat(new ItemMove("team/shop/main", "platform/shop/main").oldStore())
                .isEqualTo("team");
        assertThat(new ItemMove("team/shop/main", "platform/shop/main").newStore())
                .isEqualTo("platform");
    }

    @Test
    void renamesTheBuildsOfTheItemAndOfItemsInsideItOnly() {
        ItemMove move = new ItemMove("team/shop", "team/store");

        assertThat(move.renamedBuildId("team/shop/main#3")).contains("team/store/main#3");
        assertThat(move.renamedBuildId("team/shop#12")).contains("team/store#12");
        assertThat(move.renamedBuildId("team/shopping/main#1")).isEmpty();
        assertThat(move.renamedBuildId("team/shop-old#1")).isEmpty();
        assertThat(move.renamedBuildId("other/shop/main#1")).isEmpty();
        assertThat(new ItemMove("team", "platform").renamedBuildId("team/shop/main#1"))
                .contains("platform/shop/main#1");
        assertThat(new ItemMove("team", "platform").renamedBuildId("teamwork/x#1"))
                .isEmpty();
    }

    @Test
    void refusesWhatIsNoFullName() {
        assertThatThrownBy(() -> new ItemMove("", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ItemMove("team/", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ItemMove("/team", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void aRenamedBuildKeepsItsNumberAndThePathBelowTheMovedItem(
            @ForAll @AlphaChars @StringLength(min = 1, max = 8) String top,
            @ForAll @AlphaChars @StringLength(min = 1, max = 8) String from,
            @ForAll @AlphaChars @StringLength(min = 1, max = 8) String to,
            @ForAll @AlphaChars @StringLength(min = 1, max = 8) String branch,
            @ForAll @IntRange(min = 1, max = 100_000) int number) {
        ItemMove move = new ItemMove(top + "/" + from, top + "/" + to);
        String build = top + "/" + from + "/" + branch + "#" + number;

        assertThat(move.renamedBuildId(build)).contains(top + "/" + to + "/" + branch + "#" + number);
        assertThat(new ItemMove(top + "/" + to, top + "/" + from)
                        .renamedBuildId(move.renamedBuildId(build).orElseThrow()))
                .as("moving back restores it")
                .contains(build);
        assertThat(move.renamedBuildId(top + "/" + from + "x/" + branch + "#" + number))
                .as("a sibling whose name starts the same is left alone")
                .isEmpty();
    }
}
