package io.streaminglab.media.amf0;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads AMF0 values from a range of a byte array, mapping them to Java as {@link Amf0}
 * describes.
 *
 * <p>The input is treated as hostile. Every length is checked against the bytes that remain
 * before anything is allocated, containers may nest at most {@code maxDepth} levels, and any
 * problem is reported as an {@link Amf0Exception} whose offset is an index into the array
 * passed in. After an exception the reader's position is unspecified and it should be dropped.
 *
 * <p>Objects must end with the empty key and the object-end marker. ECMA arrays should too, but
 * an ECMA array whose end marker is missing at the very end of the input is accepted, as some
 * encoders write them that way.
 *
 * <p>A reader is not safe for use by several threads at once; the array must not change while
 * it is read.
 */
public final class Amf0Reader {
  /** How many containers deep values may nest unless the caller says otherwise. */
  public static final int DEFAULT_MAX_DEPTH = 32;

  private final byte[] data;
  private final int limit;
  private final int maxDepth;
  private int position;

  /** Reads all of {@code data}. */
  public Amf0Reader(byte[] data) {
    this(data, 0, Objects.requireNonNull(data, "data == null").length);
  }

  /** Reads {@code length} bytes of {@code data} starting at {@code offset}. */
  public Amf0Reader(byte[] data, int offset, int length) {
    this(data, offset, length, DEFAULT_MAX_DEPTH);
  }

  /**
   * Reads {@code length} bytes of {@code data} starting at {@code offset}, allowing containers
   * (objects, arrays) to nest at most {@code maxDepth} levels.
   */
  public Amf0Reader(byte[] data, int offset, int length, int maxDepth) {
    Objects.requireNonNull(data, "data == null");
    if (offset < 0 || length < 0 || offset > data.length - length) {
      throw new IndexOutOfBoundsException("offset " + offset + " and length " + length
          + " do not fit in an array of " + data.length + " bytes");
    }
    if (maxDepth < 1) {
      throw new IllegalArgumentException("maxDepth < 1: " + maxDepth);
    }
    this.data = data;
    this.position = offset;
    this.limit = offset + length;
    this.maxDepth = maxDepth;
  }

  /** True while bytes remain to be read. */
  public boolean hasRemaining() {
    return position < limit;
  }

  /** Index in the array of the next byte to read. */
  public int position() {
    return position;
  }

  /**
   * Reads one value.
   *
   * @throws Amf0Exception when no bytes remain or the next value is malformed or unsupported
   */
  public Object read() {
    if (!hasRemaining()) {
      throw new Amf0Exception("no AMF0 value left to read", position);
    }
    return readValue(0);
  }

  /**
   * Reads values until the input ends; an empty input gives an empty list.
   *
   * @throws Amf0Exception when any value is malformed or unsupported
   */
  public List<Object> readAll() {
    List<Object> values = new ArrayList<>();
    while (hasRemaining()) {
      values.add(readValue(0));
    }
    return values;
  }

  private Object readValue(int depth) {
    int start = position;
    int marker = readUnsignedByte("type marker");
    switch (marker) {
      case Amf0.NUMBER:
        return readDouble("number");
      case Amf0.BOOLEAN:
        return readUnsignedByte("boolean") != 0;
      case Amf0.STRING:
        return readUtf8(readUnsignedShort("string length"), "string");
      case Amf0.LONG_STRING:
        return readUtf8(readUnsignedInt("long string length"), "long string");
      case Amf0.XML_DOCUMENT:
        return readUtf8(readUnsignedInt("XML document length"), "XML document");
      case Amf0.NULL:
        return null;
      case Amf0.UNDEFINED_MARKER:
      case Amf0.UNSUPPORTED:
        return Amf0.UNDEFINED;
      case Amf0.DATE:
        return readDate();
      case Amf0.OBJECT:
        checkDepth(depth, start);
        return readProperties(new LinkedHashMap<>(), depth, false);
      case Amf0.TYPED_OBJECT:
        checkDepth(depth, start);
        skip(readUnsignedShort("class name length"), "class name");
        return readProperties(new LinkedHashMap<>(), depth, false);
      case Amf0.ECMA_ARRAY:
        checkDepth(depth, start);
        // The count is only a hint, and encoders get it wrong; the end marker is what counts.
        readUnsignedInt("ECMA array count");
        return readProperties(new Amf0EcmaArray(), depth, true);
      case Amf0.STRICT_ARRAY:
        checkDepth(depth, start);
        return readStrictArray(depth);
      case Amf0.REFERENCE:
        throw new Amf0Exception("AMF0 references (marker 0x07) are not supported", start);
      case Amf0.AVMPLUS_OBJECT:
        throw new Amf0Exception("AMF3 values (marker 0x11) are not supported", start);
      case Amf0.MOVIE_CLIP:
      case Amf0.RECORD_SET:
        throw new Amf0Exception("reserved AMF0 type marker " + hex(marker) + " is not supported",
            start);
      case Amf0.OBJECT_END:
        throw new Amf0Exception("object-end marker 0x09 found outside an object", start);
      default:
        throw new Amf0Exception("unknown AMF0 type marker " + hex(marker), start);
    }
  }

  private void checkDepth(int depth, int start) {
    if (depth >= maxDepth) {
      throw new Amf0Exception("AMF0 values nest deeper than " + maxDepth + " levels", start);
    }
  }

  private Map<String, Object> readProperties(
      Map<String, Object> properties, int depth, boolean endMarkerOptional) {
    while (true) {
      if (position == limit) {
        if (endMarkerOptional) {
          return properties;
        }
        throw new Amf0Exception("input ends inside an object, before its end marker", position);
      }
      int keyLength = readUnsignedShort("property name length");
      if (keyLength == 0) {
        int endOffset = position;
        if (readUnsignedByte("object-end marker") != Amf0.OBJECT_END) {
          throw new Amf0Exception("empty property name is not followed by the object-end marker",
              endOffset);
        }
        return properties;
      }
      String key = readUtf8(keyLength, "property name");
      properties.put(key, readValue(depth + 1));
    }
  }

  private List<Object> readStrictArray(int depth) {
    int countOffset = position;
    long count = readUnsignedInt("strict array count");
    // Every element takes at least one byte, so a larger count cannot be honest.
    if (count > limit - position) {
      throw new Amf0Exception("strict array declares " + count + " elements but only "
          + (limit - position) + " bytes remain", countOffset);
    }
    List<Object> elements = new ArrayList<>((int) Math.min(count, 16));
    for (long i = 0; i < count; i++) {
      elements.add(readValue(depth + 1));
    }
    return elements;
  }

  private Instant readDate() {
    int start = position;
    double millis = readDouble("date");
    skip(2, "date time zone");
    if (!(Math.abs(millis) <= Amf0.MAX_DATE_MILLIS)) {
      throw new Amf0Exception("date of " + millis + " ms is outside the ECMAScript date range",
          start);
    }
    return Instant.ofEpochMilli((long) Math.floor(millis));
  }

  private String readUtf8(long length, String what) {
    require(length, what);
    String value = new String(data, position, (int) length, StandardCharsets.UTF_8);
    position += (int) length;
    return value;
  }

  private void skip(long length, String what) {
    require(length, what);
    position += (int) length;
  }

  private int readUnsignedByte(String what) {
    require(1, what);
    return data[position++] & 0xFF;
  }

  private int readUnsignedShort(String what) {
    require(2, what);
    int value = (data[position] & 0xFF) << 8 | (data[position + 1] & 0xFF);
    position += 2;
    return value;
  }

  private long readUnsignedInt(String what) {
    require(4, what);
    long value = 0;
    for (int i = 0; i < 4; i++) {
      value = value << 8 | (data[position + i] & 0xFF);
    }
    position += 4;
    return value;
  }

  private double readDouble(String what) {
    require(8, what);
    long bits = 0;
    for (int i = 0; i < 8; i++) {
      bits = bits << 8 | (data[position + i] & 0xFF);
    }
    position += 8;
    return Double.longBitsToDouble(bits);
  }

  private void require(long length, String what) {
    int remaining = limit - position;
    if (length > remaining) {
      throw new Amf0Exception(what + " needs " + length + " bytes but only " + remaining
          + " remain", position);
    }
  }

  private static String hex(int marker) {
    return String.format("0x%02X", marker);
  }
}
