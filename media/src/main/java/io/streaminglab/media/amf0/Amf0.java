package io.streaminglab.media.amf0;

/**
 * The AMF0 type markers and the value that stands for AMF0 {@code undefined}.
 *
 * <p>Values map to Java as follows, in both directions unless noted:
 *
 * <table>
 *   <caption>AMF0 to Java</caption>
 *   <tr><th>AMF0</th><th>Java</th></tr>
 *   <tr><td>number</td><td>{@link Double} (the writer takes any {@link Number})</td></tr>
 *   <tr><td>boolean</td><td>{@link Boolean}</td></tr>
 *   <tr><td>string, long string</td><td>{@link String} (the writer takes any {@link
 *       CharSequence} and picks the long form above 65535 UTF-8 bytes)</td></tr>
 *   <tr><td>XML document</td><td>{@link String} (read only)</td></tr>
 *   <tr><td>object, typed object</td><td>{@link java.util.LinkedHashMap} in wire order (the
 *       class name of a typed object is dropped)</td></tr>
 *   <tr><td>ECMA array</td><td>{@link Amf0EcmaArray}</td></tr>
 *   <tr><td>strict array</td><td>{@link java.util.List}</td></tr>
 *   <tr><td>date</td><td>{@link java.time.Instant}, whole milliseconds (the time zone is
 *       ignored on read and written as zero)</td></tr>
 *   <tr><td>null</td><td>{@code null}</td></tr>
 *   <tr><td>undefined, unsupported</td><td>{@link #UNDEFINED}</td></tr>
 * </table>
 *
 * <p>References, AMF3 values, movie clips and record sets are not supported.
 */
public final class Amf0 {
  /** Stands for AMF0 {@code undefined}, so that it stays distinct from {@code null}. */
  public static final Undefined UNDEFINED = Undefined.INSTANCE;

  /** The type of {@link #UNDEFINED}; it has exactly one value. */
  public enum Undefined {
    INSTANCE;

    @Override
    public String toString() {
      return "undefined";
    }
  }

  static final int NUMBER = 0x00;
  static final int BOOLEAN = 0x01;
  static final int STRING = 0x02;
  static final int OBJECT = 0x03;
  static final int MOVIE_CLIP = 0x04;
  static final int NULL = 0x05;
  static final int UNDEFINED_MARKER = 0x06;
  static final int REFERENCE = 0x07;
  static final int ECMA_ARRAY = 0x08;
  static final int OBJECT_END = 0x09;
  static final int STRICT_ARRAY = 0x0A;
  static final int DATE = 0x0B;
  static final int LONG_STRING = 0x0C;
  static final int UNSUPPORTED = 0x0D;
  static final int RECORD_SET = 0x0E;
  static final int XML_DOCUMENT = 0x0F;
  static final int TYPED_OBJECT = 0x10;
  static final int AVMPLUS_OBJECT = 0x11;

  /** The largest UTF-8 length a short string or an object key can carry. */
  static final int MAX_SHORT_STRING_BYTES = 0xFFFF;

  /**
   * ECMAScript dates lie within 100,000,000 days of the epoch; anything beyond that is not a
   * date, and keeping to it means every date converts to a {@code long} of milliseconds.
   */
  static final double MAX_DATE_MILLIS = 8.64e15;

  private Amf0() {}
}
