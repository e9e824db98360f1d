package io.streaminglab.media.amf0;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds AMF0 bytes from Java values, mapped as {@link Amf0} describes.
 *
 * <p>Use it in three steps:
 *
 * <ol>
 *   <li>create a writer;
 *   <li>call the {@code write*} methods in wire order (they return the writer for chaining);
 *   <li>take the bytes with {@link #toByteArray()}, as often as wanted.
 * </ol>
 *
 * <p>A write that fails with an exception leaves the output as it was before that call.
 * Containers may nest at most {@link Amf0Reader#DEFAULT_MAX_DEPTH} levels, which is also what
 * stops a map or list that contains itself. A writer is not safe for use by several threads at
 * once.
 */
public final class Amf0Writer {
  private byte[] buffer = new byte[128];
  private int size;

  /** An empty writer. */
  public Amf0Writer() {}

  /**
   * The AMF0 encoding of {@code values}, one after another.
   *
   * @throws IllegalArgumentException when a value cannot be written, see {@link #write(Object)}
   */
  public static byte[] encode(Object... values) {
    Objects.requireNonNull(values, "values == null; pass (Object) null to encode an AMF0 null");
    Amf0Writer writer = new Amf0Writer();
    for (Object value : values) {
      writer.write(value);
    }
    return writer.toByteArray();
  }

  /** Writes an AMF0 number. */
  public Amf0Writer writeNumber(double value) {
    writeByte(Amf0.NUMBER);
    writeLong(Double.doubleToRawLongBits(value));
    return this;
  }

  /** Writes an AMF0 boolean. */
  public Amf0Writer writeBoolean(boolean value) {
    writeByte(Amf0.BOOLEAN);
    writeByte(value ? 1 : 0);
    return this;
  }

  /** Writes a string, as a long string when its UTF-8 form is longer than 65535 bytes. */
  public Amf0Writer writeString(CharSequence value) {
    Objects.requireNonNull(value, "value == null");
    byte[] utf8 = value.toString().getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= Amf0.MAX_SHORT_STRING_BYTES) {
      writeByte(Amf0.STRING);
      writeShort(utf8.length);
    } else {
      writeByte(Amf0.LONG_STRING);
      writeInt(utf8.length);
    }
    writeBytes(utf8);
    return this;
  }

  /** Writes AMF0 null. */
  public Amf0Writer writeNull() {
    writeByte(Amf0.NULL);
    return this;
  }

  /** Writes AMF0 undefined. */
  public Amf0Writer writeUndefined() {
    writeByte(Amf0.UNDEFINED_MARKER);
    return this;
  }

  /**
   * Writes a date: the instant in whole milliseconds and a zero time zone.
   *
   * @throws IllegalArgumentException when the instant is outside the ECMAScript date range
   */
  public Amf0Writer writeDate(Instant value) {
    Objects.requireNonNull(value, "value == null");
    double millis = dateMillis(value);
    writeByte(Amf0.DATE);
    writeLong(Double.doubleToRawLongBits(millis));
    writeShort(0);
    return this;
  }

  /**
   * Writes an anonymous object with the entries of {@code object} in iteration order.
   *
   * @throws IllegalArgumentException when a key is empty or longer than 65535 UTF-8 bytes, or a
   *     value cannot be written
   */
  public Amf0Writer writeObject(Map<String, ?> object) {
    Objects.requireNonNull(object, "object == null");
    return atomically(() -> writeProperties(Amf0.OBJECT, object, 0));
  }

  /**
   * Writes an ECMA array with the entries of {@code array} in iteration order.
   *
   * @throws IllegalArgumentException as {@link #writeObject(Map)} does
   */
  public Amf0Writer writeEcmaArray(Map<String, ?> array) {
    Objects.requireNonNull(array, "array == null");
    return atomically(() -> writeProperties(Amf0.ECMA_ARRAY, array, 0));
  }

  /**
   * Writes a strict array of {@code elements}.
   *
   * @throws IllegalArgumentException when an element cannot be written
   */
  public Amf0Writer writeStrictArray(List<?> elements) {
    Objects.requireNonNull(elements, "elements == null");
    return atomically(() -> writeElements(elements, 0));
  }

  /**
   * Writes any supported value: {@code null}, {@link Amf0#UNDEFINED}, {@link Number}, {@link
   * Boolean}, {@link CharSequence}, {@link Instant}, {@link Amf0EcmaArray} (as an ECMA array),
   * any other {@link Map} with string keys (as an object) and {@link List} (as a strict array).
   *
   * @throws IllegalArgumentException when the value or something inside it is of another type,
   *     or breaks a rule of the typed write methods
   */
  public Amf0Writer write(Object value) {
    return atomically(() -> writeValue(value, 0));
  }

  /** The number of bytes written so far. */
  public int size() {
    return size;
  }

  /** A copy of the bytes written so far. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  private Amf0Writer atomically(Runnable write) {
    int mark = size;
    try {
      write.run();
    } catch (RuntimeException e) {
      size = mark;
      throw e;
    }
    return this;
  }

  private void writeValue(Object value, int depth) {
    if (value == null) {
      writeNull();
    } else if (value instanceof Amf0.Undefined) {
      writeUndefined();
    } else if (value instanceof Number number) {
      writeNumber(number.doubleValue());
    } else if (value instanceof Boolean bool) {
      writeBoolean(bool);
    } else if (value instanceof CharSequence string) {
      writeString(string);
    } else if (value instanceof Instant instant) {
      writeDate(instant);
    } else if (value instanceof Amf0EcmaArray array) {
      writeProperties(Amf0.ECMA_ARRAY, array, depth);
    } else if (value instanceof Map<?, ?> map) {
      writeProperties(Amf0.OBJECT, map, depth);
    } else if (value instanceof List<?> list) {
      writeElements(list, depth);
    } else {
      throw new IllegalArgumentException(
          "cannot write a " + value.getClass().getName() + " as AMF0");
    }
  }

  private void writeProperties(int marker, Map<?, ?> properties, int depth) {
    checkDepth(depth);
    writeByte(marker);
    if (marker == Amf0.ECMA_ARRAY) {
      writeInt(properties.size());
    }
    for (Map.Entry<?, ?> entry : properties.entrySet()) {
      if (!(entry.getKey() instanceof String key)) {
        throw new IllegalArgumentException("AMF0 property names must be strings, not "
            + (entry.getKey() == null ? "null" : entry.getKey().getClass().getName()));
      }
      byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
      if (utf8.length == 0) {
        throw new IllegalArgumentException(
            "AMF0 property names must not be empty: the empty name ends an object");
      }
      if (utf8.length > Amf0.MAX_SHORT_STRING_BYTES) {
        throw new IllegalArgumentException("AMF0 property name of " + utf8.length
            + " UTF-8 bytes is longer than 65535");
      }
      writeShort(utf8.length);
      writeBytes(utf8);
      writeValue(entry.getValue(), depth + 1);
    }
    writeShort(0);
    writeByte(Amf0.OBJECT_END);
  }

  private void writeElements(List<?> elements, int depth) {
    checkDepth(depth);
    writeByte(Amf0.STRICT_ARRAY);
    writeInt(elements.size());
    for (Object element : elements) {
      writeValue(element, depth + 1);
    }
  }

  private static void checkDepth(int depth) {
    if (depth >= Amf0Reader.DEFAULT_MAX_DEPTH) {
      throw new IllegalArgumentException("AMF0 values nest deeper than "
          + Amf0Reader.DEFAULT_MAX_DEPTH + " levels; does a map or list contain itself?");
    }
  }

  private static double dateMillis(Instant value) {
    long maxSeconds = (long) (Amf0.MAX_DATE_MILLIS / 1000);
    if (Math.abs(value.getEpochSecond()) > maxSeconds) {
      throw new IllegalArgumentException(value + " is outside the ECMAScript date range");
    }
    return value.toEpochMilli();
  }

  private void writeByte(int value) {
    ensureCapacity(1);
    buffer[size++] = (byte) value;
  }

  private void writeShort(int value) {
    ensureCapacity(2);
    buffer[size++] = (byte) (value >>> 8);
    buffer[size++] = (byte) value;
  }

  private void writeInt(int value) {
    ensureCapacity(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      buffer[size++] = (byte) (value >>> shift);
    }
  }

  private void writeLong(long value) {
    ensureCapacity(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buffer[size++] = (byte) (value >>> shift);
    }
  }

  private void writeBytes(byte[] bytes) {
    ensureCapacity(bytes.length);
    System.arraycopy(bytes, 0, buffer, size, bytes.length);
    size += bytes.length;
  }

  private void ensureCapacity(int extra) {
    if (extra <= buffer.length - size) {
      return;
    }
    if (extra > Integer.MAX_VALUE - 8 - size) {
      throw new IllegalStateException("AMF0 output would exceed the largest possible array");
    }
    int needed = size + extra;
    int grown = (int) Math.min(Integer.MAX_VALUE - 8L, Math.max(needed, buffer.length * 2L));
    buffer = Arrays.copyOf(buffer, grown);
  }
}
