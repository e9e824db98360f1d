package io.streaminglab.fmp4;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Writes the init segment of a fragmented MP4 stream (the file an HLS playlist names in {@code
 * EXT-X-MAP}): {@code ftyp}, then a {@code moov} with one {@code trak} per track, whose sample
 * tables are empty, and an {@code mvex} that says the samples come in movie fragments (ISO/IEC
 * 14496-12; CMAF, ISO/IEC 23000-19). Video is {@code avc1} with the publisher's {@code avcC};
 * audio is {@code mp4a} with an {@code esds} carrying its AudioSpecificConfig.
 *
 * <p>The bytes depend on the tracks alone (no creation time, no random identifier), so two
 * packagers fed the same stream write the same init segment.
 */
public final class Fmp4InitSegment {
  /** The identity matrix of {@code mvhd} and {@code tkhd}, in 16.16 and 2.30 fixed point. */
  private static final int[] MATRIX = {0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000};
  private static final int LANGUAGE_UND = ('u' - 0x60) << 10 | ('n' - 0x60) << 5 | ('d' - 0x60);
  /** Object type indication of MPEG-4 audio (ISO/IEC 14496-1, table 5). */
  private static final int OBJECT_TYPE_MPEG4_AUDIO = 0x40;
  /** Stream type 5 (audio), upstream 0, reserved 1. */
  private static final int STREAM_TYPE_AUDIO = 0x05 << 2 | 0x01;

  private Fmp4InitSegment() {}

  /** The init segment for {@code tracks}. */
  public static byte[] write(Fmp4Tracks tracks) {
    BoxWriter out = new BoxWriter(1024);
    int ftyp = out.open("ftyp");
    out.fourCc("iso6");
    out.u32(0);
    for (String brand : new String[] {"iso6", "cmfc", "mp41"}) {
      out.fourCc(brand);
    }
    out.close(ftyp);

    int moov = out.open("moov");
    movieHeader(out);
    if (tracks.hasVideo()) {
      videoTrack(out, tracks);
    }
    if (tracks.hasAudio()) {
      audioTrack(out, tracks);
    }
    int mvex = out.open("mvex");
    if (tracks.hasVideo()) {
      trackExtends(out, Fmp4Tracks.VIDEO_TRACK_ID);
    }
    if (tracks.hasAudio()) {
      trackExtends(out, Fmp4Tracks.AUDIO_TRACK_ID);
    }
    out.close(mvex);
    out.close(moov);
    return out.toByteArray();
  }

  private static void movieHeader(BoxWriter out) {
    int mvhd = out.openFull("mvhd", 0, 0);
    out.u32(0); // creation time
    out.u32(0); // modification time
    out.u32(1000); // timescale
    out.u32(0); // duration: unknown, live
    out.u32(0x00010000); // rate 1.0
    out.u16(0x0100); // volume 1.0
    out.zeros(2 + 8);
    matrix(out);
    out.zeros(6 * 4); // pre_defined
    out.u32(Fmp4Tracks.AUDIO_TRACK_ID + 1); // next_track_ID
    out.close(mvhd);
  }

  private static void videoTrack(BoxWriter out, Fmp4Tracks tracks) {
    track(out, Fmp4Tracks.VIDEO_TRACK_ID, 0, tracks.width(), tracks.height(),
        Fmp4Tracks.VIDEO_TIMESCALE, "vide", "VideoHandler", header -> {
          int vmhd = header.openFull("vmhd", 0, 1);
          header.zeros(2 + 3 * 2); // graphicsmode, opcolor
          header.close(vmhd);
        }, entry -> {
          int avc1 = entry.open("avc1");
          entry.zeros(6);
          entry.u16(1); // data_reference_index
          entry.zeros(2 + 2 + 3 * 4); // pre_defined, reserved, pre_defined
          entry.u16(tracks.width());
          entry.u16(tracks.height());
          entry.u32(0x00480000); // 72 dpi
          entry.u32(0x00480000);
          entry.u32(0);
          entry.u16(1); // frame_count
          entry.zeros(32); // compressorname
          entry.u16(0x0018); // depth
          entry.u16(0xFFFF); // pre_defined = -1
          int avcC = entry.open("avcC");
          byte[] record = tracks.avcConfiguration();
          entry.bytes(record, 0, record.length);
          entry.close(avcC);
          entry.close(avc1);
        });
  }

  private static void audioTrack(BoxWriter out, Fmp4Tracks tracks) {
    track(out, Fmp4Tracks.AUDIO_TRACK_ID, 0x0100, 0, 0, tracks.audioTimescale(), "soun",
        "SoundHandler", header -> {
          int smhd = header.openFull("smhd", 0, 0);
          header.zeros(2 + 2); // balance, reserved
          header.close(smhd);
        }, entry -> {
          int mp4a = entry.open("mp4a");
          entry.zeros(6);
          entry.u16(1); // data_reference_index
          entry.zeros(8);
          int channels = tracks.aac().channelConfiguration();
          entry.u16(channels == 0 || channels > 2 ? 2 : channels);
          entry.u16(16); // samplesize
          entry.zeros(4);
          int rate = tracks.audioTimescale();
          entry.u32(rate <= 0xFFFF ? (long) rate << 16 : 0);
          elementaryStreamDescriptor(entry, tracks.audioSpecificConfig());
          entry.close(mp4a);
        });
  }

  /**
   * A {@code trak}: its header, its media's header and handler, then the media information with
   * {@code mediaInformationHeader} ({@code vmhd} or {@code smhd}) and a sample table whose one
   * sample description {@code sampleEntry} writes.
   */
  private static void track(BoxWriter out, int trackId, int volume, int width, int height,
      int timescale, String handlerType, String handlerName,
      Consumer<BoxWriter> mediaInformationHeader, Consumer<BoxWriter> sampleEntry) {
    int trak = out.open("trak");
    trackHeader(out, trackId, volume, width, height);
    int mdia = out.open("mdia");
    mediaHeader(out, timescale);
    handler(out, handlerType, handlerName);
    int minf = out.open("minf");
    mediaInformationHeader.accept(out);
    dataInformation(out);
    int stbl = out.open("stbl");
    int stsd = out.openFull("stsd", 0, 0);
    out.u32(1);
    sampleEntry.accept(out);
    out.close(stsd);
    emptySampleTables(out);
    out.close(stbl);
    out.close(minf);
    out.close(mdia);
    out.close(trak);
  }

  private static void trackHeader(BoxWriter out, int trackId, int volume, int width,
      int height) {
    // Flags: track enabled, in movie.
    int tkhd = out.openFull("tkhd", 0, 0x000003);
    out.u32(0);
    out.u32(0);
    out.u32(trackId);
    out.u32(0);
    out.u32(0); // duration
    out.zeros(8);
    out.u16(0); // layer
    out.u16(0); // alternate_group
    out.u16(volume);
    out.u16(0);
    matrix(out);
    out.u32((long) width << 16);
    out.u32((long) height << 16);
    out.close(tkhd);
  }

  private static void mediaHeader(BoxWriter out, int timescale) {
    int mdhd = out.openFull("mdhd", 0, 0);
    out.u32(0);
    out.u32(0);
    out.u32(timescale);
    out.u32(0);
    out.u16(LANGUAGE_UND);
    out.u16(0);
    out.close(mdhd);
  }

  private static void handler(BoxWriter out, String type, String name) {
    int hdlr = out.openFull("hdlr", 0, 0);
    out.u32(0);
    out.fourCc(type);
    out.zeros(3 * 4);
    byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
    out.bytes(ascii, 0, ascii.length);
    out.u8(0);
    out.close(hdlr);
  }

  private static void dataInformation(BoxWriter out) {
    int dinf = out.open("dinf");
    int dref = out.openFull("dref", 0, 0);
    out.u32(1);
    // Flag 1: the media data is in this file.
    int url = out.openFull("url ", 0, 1);
    out.close(url);
    out.close(dref);
    out.close(dinf);
  }

  /** The sample tables a fragmented file leaves empty: every sample is in a fragment. */
  private static void emptySampleTables(BoxWriter out) {
    for (String type : new String[] {"stts", "stsc", "stco"}) {
      int box = out.openFull(type, 0, 0);
      out.u32(0);
      out.close(box);
    }
    int stsz = out.openFull("stsz", 0, 0);
    out.u32(0);
    out.u32(0);
    out.close(stsz);
  }

  private static void trackExtends(BoxWriter out, int trackId) {
    int trex = out.openFull("trex", 0, 0);
    out.u32(trackId);
    out.u32(1); // default_sample_description_index
    out.u32(0);
    out.u32(0);
    out.u32(0);
    out.close(trex);
  }

  /**
   * The {@code esds} box: an ES_Descriptor holding a DecoderConfigDescriptor (MPEG-4 audio) with
   * the AudioSpecificConfig as its DecoderSpecificInfo, and the SLConfigDescriptor MP4 requires
   * (ISO/IEC 14496-1, 7.2.6; ISO/IEC 14496-14, 3.1.2).
   */
  private static void elementaryStreamDescriptor(BoxWriter out, byte[] config) {
    int esds = out.openFull("esds", 0, 0);
    int decoderSpecific = config.length;
    int decoderConfig = 13 + descriptorLength(decoderSpecific);
    int slConfig = 1;
    descriptorHeader(out, 0x03, 3 + descriptorLength(decoderConfig) + descriptorLength(slConfig));
    out.u16(Fmp4Tracks.AUDIO_TRACK_ID); // ES_ID
    out.u8(0); // no dependency, URL or OCR stream; priority 0
    descriptorHeader(out, 0x04, decoderConfig);
    out.u8(OBJECT_TYPE_MPEG4_AUDIO);
    out.u8(STREAM_TYPE_AUDIO);
    out.u24(0); // bufferSizeDB
    out.u32(0); // maxBitrate: not known ahead
    out.u32(0); // avgBitrate
    descriptorHeader(out, 0x05, decoderSpecific);
    out.bytes(config, 0, config.length);
    descriptorHeader(out, 0x06, slConfig);
    out.u8(0x02); // predefined: reserved for MP4 files
    out.close(esds);
  }

  /** A descriptor's whole length: its tag, its size field, and {@code size} bytes. */
  private static int descriptorLength(int size) {
    return 1 + sizeFieldLength(size) + size;
  }

  private static int sizeFieldLength(int size) {
    return size < 1 << 7 ? 1 : size < 1 << 14 ? 2 : size < 1 << 21 ? 3 : 4;
  }

  /** A descriptor's tag and its size, seven bits a byte, high bit set on all but the last. */
  private static void descriptorHeader(BoxWriter out, int tag, int size) {
    out.u8(tag);
    for (int i = sizeFieldLength(size) - 1; i > 0; i--) {
      out.u8(0x80 | (size >>> (7 * i)) & 0x7F);
    }
    out.u8(size & 0x7F);
  }

  private static void matrix(BoxWriter out) {
    for (int value : MATRIX) {
      out.u32(value & 0xFFFFFFFFL);
    }
  }
}
