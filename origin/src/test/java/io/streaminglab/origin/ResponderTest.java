package io.streaminglab.origin;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a body leaves: small ones in memory with their headers, larger ones zero-copy. */
class ResponderTest {
  private static final UnpooledByteBufAllocator ALLOCATOR = new UnpooledByteBufAllocator(false);
  private static final int LIMIT = Responder.IN_MEMORY_BYTES;

  @TempDir
  Path directory;

  private final OpenFileCache openFiles = new OpenFileCache(System::nanoTime);
  private Responder responder;
  private byte[] segment;

  @BeforeEach
  void createFiles() throws Exception {
    Files.writeString(directory.resolve("index.m3u8"), OriginServerTest.PLAYLIST);
    segment = OriginServerTest.pattern(188 * 2723);
    Files.write(directory.resolve("seg-1.ts"), segment);
    Files.write(directory.resolve("at-limit.ts"), OriginServerTest.pattern(LIMIT));
    Files.write(directory.resolve("over-limit.ts"), OriginServerTest.pattern(LIMIT + 1));
    responder = new Responder(new PathResolver(directory), openFiles);
  }

  @AfterEach
  void closeFiles() {
    openFiles.close();
  }

  @Test
  void aPlaylistIsReadIntoTheResponseWithItsHeaders() throws Exception {
    Reply reply = get("/hls/index.m3u8");
    try {
      assertThat(reply.file()).isNull();
      assertThat(reply.response()).isInstanceOf(FullHttpResponse.class);
      FullHttpResponse full = (FullHttpResponse) reply.response();
      assertThat(full.content().toString(StandardCharsets.UTF_8))
          .isEqualTo(OriginServerTest.PLAYLIST);
      assertThat(full.headers().get(HttpHeaderNames.CONTENT_LENGTH))
          .isEqualTo(String.valueOf(OriginServerTest.PLAYLIST.length()));
    } finally {
      release(reply);
    }
  }

  @Test
  void aSegmentGoesOutZeroCopyFromTheFile() throws Exception {
    Reply reply = get("/hls/seg-1.ts");
    try {
      assertThat(reply.file()).isNotNull();
      assertThat(reply.response()).isNotInstanceOf(FullHttpResponse.class);
      assertThat(reply.file().position()).isZero();
      assertThat(reply.file().count()).isEqualTo(segment.length);
      assertThat(reply.bodyBytes()).isEqualTo(segment.length);
    } finally {
      release(reply);
    }
  }

  @Test
  void theLimitIsInclusive() throws Exception {
    Reply atLimit = get("/hls/at-limit.ts");
    Reply overLimit = get("/hls/over-limit.ts");
    try {
      assertThat(atLimit.file()).isNull();
      assertThat(ByteBufUtil.getBytes(((FullHttpResponse) atLimit.response()).content()))
          .isEqualTo(OriginServerTest.pattern(LIMIT));
      assertThat(overLimit.file()).isNotNull();
      assertThat(overLimit.file().count()).isEqualTo(LIMIT + 1);
    } finally {
      release(atLimit);
      release(overLimit);
    }
  }

  @Test
  void aSmallRangeOfASegmentIsReadAndALargeOneIsARegion() throws Exception {
    Reply small = get("/hls/seg-1.ts", "bytes=188-375");
    Reply large = get("/hls/seg-1.ts", "bytes=1000-");
    try {
      assertThat(small.response().status().code()).isEqualTo(206);
      assertThat(small.file()).isNull();
      assertThat(ByteBufUtil.getBytes(((FullHttpResponse) small.response()).content()))
          .isEqualTo(Arrays.copyOfRange(segment, 188, 376));
      assertThat(large.response().status().code()).isEqualTo(206);
      assertThat(large.file().position()).isEqualTo(1000);
      assertThat(large.file().count()).isEqualTo(segment.length - 1000);
    } finally {
      release(small);
      release(large);
    }
  }

  @Test
  void answersGivenBeforeASegmentWasReplacedSendTheOldBytesAndLaterOnesTheNew() throws Exception {
    Reply first = get("/hls/seg-1.ts");
    Reply second = get("/hls/seg-1.ts");
    byte[] again = OriginServerTest.pattern(segment.length);
    again[0] = 'G';
    Path next = Files.write(directory.resolve("seg-1.ts.tmp"), again);
    Files.setLastModifiedTime(next, Files.getLastModifiedTime(directory.resolve("seg-1.ts")));
    Files.move(next, directory.resolve("seg-1.ts"), StandardCopyOption.ATOMIC_MOVE);
    Reply third = get("/hls/seg-1.ts");
    try {
      assertThat(openFiles.size()).isEqualTo(1);
      assertThat(bytes(first.file())).isEqualTo(segment);
      assertThat(bytes(second.file())).isEqualTo(segment);
      assertThat(bytes(third.file())).isEqualTo(again);
    } finally {
      release(first);
      release(second);
      release(third);
    }
  }

  @Test
  void headHasNoBody() throws Exception {
    DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
        HttpMethod.HEAD, "/hls/index.m3u8");
    Reply reply = responder.answer(request, ALLOCATOR);
    try {
      assertThat(reply.file()).isNull();
      assertThat(((FullHttpResponse) reply.response()).content().readableBytes()).isZero();
      assertThat(reply.response().headers().get(HttpHeaderNames.CONTENT_LENGTH))
          .isEqualTo(String.valueOf(OriginServerTest.PLAYLIST.length()));
    } finally {
      release(reply);
    }
  }

  private Reply get(String target) {
    return responder.answer(
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, target), ALLOCATOR);
  }

  private Reply get(String target, String range) {
    DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1,
        HttpMethod.GET, target);
    request.headers().set(HttpHeaderNames.RANGE, range);
    return responder.answer(request, ALLOCATOR);
  }

  /** What sending {@code region} would send. */
  private static byte[] bytes(DefaultFileRegion region) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WritableByteChannel channel = Channels.newChannel(out);
    while (region.transferred() < region.count()) {
      region.transferTo(channel, region.transferred());
    }
    return out.toByteArray();
  }

  private static void release(Reply reply) {
    ReferenceCountUtil.release(reply.response());
    if (reply.file() != null) {
      reply.file().release();
    }
  }
}
