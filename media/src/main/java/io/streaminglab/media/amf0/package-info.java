/**
 * AMF0 (Action Message Format version 0) as RTMP commands and {@code onMetaData} use it.
 *
 * <p>{@link io.streaminglab.media.amf0.Amf0Reader} turns bytes into plain Java values and
 * {@link io.streaminglab.media.amf0.Amf0Writer} turns them back; {@link
 * io.streaminglab.media.amf0.Amf0} documents the mapping between the two. Nothing here does I/O
 * or keeps state between messages.
 */
package io.streaminglab.media.amf0;
