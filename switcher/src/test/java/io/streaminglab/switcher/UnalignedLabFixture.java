package io.streaminglab.switcher;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One {@link UnalignedLab} for all the tests of a class, put back to normal after each: the
 * primary serving without a fault, then whatever {@link #restoreMore()} adds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UnalignedLabFixture {
  @TempDir
  static Path dir;

  UnalignedLab lab;

  @BeforeAll
  void start() throws Exception {
    lab = UnalignedLab.start(dir);
  }

  @AfterAll
  void stop() throws Exception {
    if (lab != null) {
      lab.close();
    }
  }

  @AfterEach
  void backToNormal() throws Exception {
    lab.primary.mode(FaultyOrigin.Mode.NORMAL);
    lab.primary.start();
    restoreMore();
  }

  /** What else a class's tests need put back once the primary serves again. */
  void restoreMore() throws Exception {}
}
