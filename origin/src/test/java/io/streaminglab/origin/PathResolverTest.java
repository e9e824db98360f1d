package io.streaminglab.origin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathResolverTest {
  @TempDir
  Path base;

  private Path directory;
  private PathResolver resolver;

  @BeforeEach
  void createDirectory() throws Exception {
    directory = Files.createDirectories(base.resolve("hls"));
    Files.writeString(directory.resolve("index.m3u8"), "#EXTM3U\n");
    Files.createDirectories(directory.resolve("v1"));
    Files.writeString(directory.resolve("v1/seg-1.ts"), "segment");
    Files.writeString(base.resolve("secret.txt"), "secret");
    resolver = new PathResolver(directory);
  }

  @Test
  void decodesSegments() throws Exception {
    assertThat(PathResolver.segments("index.m3u8")).containsExactly("index.m3u8");
    assertThat(PathResolver.segments("v1/seg-1.ts")).containsExactly("v1", "seg-1.ts");
    assertThat(PathResolver.segments("seg%2D1.ts")).containsExactly("seg-1.ts");
    assertThat(PathResolver.segments("caf%C3%A9.ts")).containsExactly("café.ts");
  }

  @Test
  void dropsTheQueryAndFragment() throws Exception {
    assertThat(PathResolver.segments("index.m3u8?_HLS_msn=5")).containsExactly("index.m3u8");
    assertThat(PathResolver.segments("index.m3u8#t=1")).containsExactly("index.m3u8");
    assertThat(PathResolver.segments("?x")).isEmpty();
  }

  @Test
  void theDirectoryItselfHasNoSegments() throws Exception {
    assertThat(PathResolver.segments("")).isEmpty();
    assertThat(resolved("")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "..", "../secret.txt", "v1/../../secret.txt", ".", "./index.m3u8", ".hidden",
      "%2e%2e/secret.txt", "%2E%2E/secret.txt", ".%2e/secret.txt", "%2e./secret.txt",
      "%2e%2e%2fsecret.txt", "..%2fsecret.txt", "..%2Fsecret.txt", "v1%2fseg-1.ts",
      "..%5csecret.txt", "v1%5Cseg-1.ts", "..\\secret.txt", "v1\\seg-1.ts",
      "index.m3u8%00.ts", "index.m3u8%00", "%00",
      "/etc/passwd", "//etc/passwd", "v1//seg-1.ts", "/", "v1//", "../",
      "%252e%252e/secret.txt", "%252fetc%252fpasswd", "%25",
      "%c0%ae%c0%ae/secret.txt", "%e0%80%ae%e0%80%ae/secret.txt", "%ff",
      "bad%zzescape", "truncated%2", "truncated%",
      "line%0abreak", "tab%09", "del%7f", "space here", "caf\u00e9.ts"})
  void refusesPathsThatCouldLeaveTheDirectory(String raw) {
    assertThatThrownBy(() -> resolver.resolve(raw)).isInstanceOf(BadPathException.class);
  }

  @Test
  void refusesOverlongSegments() {
    assertThatThrownBy(() -> resolver.resolve("a".repeat(256)))
        .isInstanceOf(BadPathException.class).hasMessageContaining("longer");
  }

  @Test
  void resolvesFilesInsideTheDirectoryToTheirRealPath() throws Exception {
    assertThat(resolved("index.m3u8"))
        .contains(directory.toRealPath().resolve("index.m3u8"));
    assertThat(resolved("v1/seg-1.ts"))
        .contains(directory.toRealPath().resolve("v1/seg-1.ts"));
  }

  @Test
  void missingFilesAndDirectoriesAreNotFound() throws Exception {
    assertThat(resolved("missing.ts")).isEmpty();
    assertThat(resolved("v1")).isEmpty();
    assertThat(resolved("v1/")).isEmpty();
    assertThat(PathResolver.segments("v1/")).containsExactly("v1", "");
    assertThat(resolved("missing/seg-1.ts")).isEmpty();
    assertThat(resolved("index.m3u8/x")).isEmpty();
  }

  @Test
  void followsALinkToAFileInside() throws Exception {
    Files.createSymbolicLink(directory.resolve("live.m3u8"), directory.resolve("index.m3u8"));
    Files.createSymbolicLink(directory.resolve("relative.ts"), Path.of("v1/seg-1.ts"));

    assertThat(resolved("live.m3u8"))
        .contains(directory.toRealPath().resolve("index.m3u8"));
    assertThat(resolved("relative.ts"))
        .contains(directory.toRealPath().resolve("v1/seg-1.ts"));
  }

  @Test
  void followsALinkedDirectoryInside() throws Exception {
    Files.createSymbolicLink(directory.resolve("current"), Path.of("v1"));

    assertThat(resolved("current/seg-1.ts"))
        .contains(directory.toRealPath().resolve("v1/seg-1.ts"));
    assertThat(resolved("current")).isEmpty();
    assertThat(resolved("current/")).isEmpty();
  }

  @Test
  void followsALinkThatLeavesAndComesBackIn() throws Exception {
    Files.createSymbolicLink(directory.resolve("round.m3u8"), Path.of("../hls/index.m3u8"));

    assertThat(resolved("round.m3u8")).contains(directory.toRealPath().resolve("index.m3u8"));
  }

  @Test
  void aBrokenLinkIsNotFound() throws Exception {
    Files.createSymbolicLink(directory.resolve("gone.ts"), Path.of("v1/missing.ts"));
    Files.createSymbolicLink(directory.resolve("gone"), Path.of("missing-dir"));

    assertThat(resolved("gone.ts")).isEmpty();
    assertThat(resolved("gone/seg-1.ts")).isEmpty();
  }

  @Test
  void returnsTheAttributesOfTheFileItFound() throws Exception {
    Files.createSymbolicLink(directory.resolve("live.m3u8"), Path.of("index.m3u8"));
    Object key = Files.readAttributes(directory.resolve("index.m3u8"),
        BasicFileAttributes.class).fileKey();

    for (String raw : new String[] {"index.m3u8", "live.m3u8"}) {
      PathResolver.Found found = resolver.resolve(raw).orElseThrow();

      assertThat(found.attributes().isRegularFile()).as(raw).isTrue();
      assertThat(found.attributes().size()).as(raw).isEqualTo("#EXTM3U\n".length());
      assertThat(found.attributes().fileKey()).as(raw).isEqualTo(key);
    }
  }

  @Test
  void doesNotFollowLinksOutOfTheDirectory() throws Exception {
    Files.createSymbolicLink(directory.resolve("passwd.ts"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(directory.resolve("up.ts"), Path.of("../secret.txt"));
    Files.createSymbolicLink(directory.resolve("outside"), base);
    Files.createSymbolicLink(directory.resolve("root"), Path.of("/"));

    assertThat(resolved("passwd.ts")).isEmpty();
    assertThat(resolved("up.ts")).isEmpty();
    assertThat(resolved("outside/secret.txt")).isEmpty();
    assertThat(resolved("root/etc/passwd")).isEmpty();
    Files.delete(directory.resolve("passwd.ts")); // spares JUnit's warning about outside links
    Files.delete(directory.resolve("root"));
  }

  @Test
  void aSiblingDirectorySharingThePrefixIsOutside() throws Exception {
    Path sibling = Files.createDirectories(base.resolve("hls2"));
    Files.writeString(sibling.resolve("x.ts"), "x");
    Files.createSymbolicLink(directory.resolve("x.ts"), sibling.resolve("x.ts"));

    assertThat(resolved("x.ts")).isEmpty();
  }

  @Test
  void servesADirectoryThatIsItselfALink() throws Exception {
    Path link = Files.createSymbolicLink(base.resolve("current"), directory);
    PathResolver throughLink = new PathResolver(link);

    assertThat(throughLink.root()).isEqualTo(directory.toRealPath());
    assertThat(throughLink.resolve("index.m3u8").map(PathResolver.Found::path))
        .contains(directory.toRealPath().resolve("index.m3u8"));
  }

  private Optional<Path> resolved(String raw) throws BadPathException {
    return resolver.resolve(raw).map(PathResolver.Found::path);
  }
}
