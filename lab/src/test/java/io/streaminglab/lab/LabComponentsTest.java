package io.streaminglab.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streaminglab.switcher.ComponentStatus;
import io.streaminglab.switcher.UnknownComponentException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LabComponentsTest {
  private final LabComponents components = new LabComponents();

  /** A component that only remembers whether it runs. */
  private static final class Fake extends LabComponent {
    private final boolean control;

    Fake(String name, boolean control) {
      super(name);
      this.control = control;
    }

    @Override
    void doStart() {}

    @Override
    void doStop() {}

    @Override
    boolean servesControl() {
      return control;
    }

    @Override
    String detail() {
      return name();
    }
  }

  @BeforeEach
  void startAll() throws Exception {
    for (LabComponent component : new LabComponent[] {new Fake("origin-primary", false),
        new Fake("switcher-primary", true), new Fake("switcher-backup", true)}) {
      components.add(component).start();
    }
  }

  @Test
  void eitherSwitcherStopsWhileTheOtherRunsButTheLastOneIsRefusedWithWhatToDo() {
    assertThat(components.stop("switcher-backup").running()).isFalse();

    assertThatThrownBy(() -> components.stop("switcher-primary"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("switcher-primary is the last switcher running, and ctl and the status "
            + "page reach the lab only through a switcher: start switcher-backup first, or end "
            + "the lab with Ctrl-C.");
    assertThatThrownBy(() -> components.restart("switcher"))
        .isInstanceOf(IllegalStateException.class);
    assertThat(components.components()).extracting(ComponentStatus::running)
        .containsExactly(true, true, false);

    components.start("switcher-backup");
    assertThat(components.stop("switcher").running()).isFalse();
  }

  @Test
  void otherComponentsStopWhateverTheSwitchersDoAndAStoppedSwitcherStopsAgainQuietly() {
    components.stop("switcher-backup");

    assertThat(components.stop("origin-primary").running()).isFalse();
    assertThat(components.stop("switcher-backup").running()).isFalse();
    assertThatThrownBy(() -> components.stop("switcher-tertiary"))
        .isInstanceOf(UnknownComponentException.class);
  }
}
