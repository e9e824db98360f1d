#!/usr/bin/env bash
# Makes the clip that the built-in publisher loops (lab/src/main/resources/.../synthetic-clip.flv).
# It was made once with this script and is committed, so that the lab needs no ffmpeg to run.
#
# What it is: 8 s of H.264 (Main, 640x360, 25 fps, no B-frames, a keyframe every 2 s, 700 kbit/s)
# and AAC-LC (48 kHz mono, 64 kbit/s) in FLV. ffmpeg's testsrc2 pattern shows its own clock in
# the top-left corner; the caption counts the frames of the loop (001/200 ... 200/200), and the
# 440 Hz tone beeps so that a loop is audible.
#
# Why these numbers: the publisher repeats the clip end to end, adding 8000 ms to every timestamp
# per loop. 8 s holds whole video frames (200 x 40 ms), whole AAC frames (375 x 1024 samples at
# 48 kHz) and whole 2 s GOPs, so the loop seam keeps both cadences and the keyframe interval.
set -euo pipefail
cd "$(dirname "$0")/.."
out=lab/src/main/resources/io/streaminglab/lab/publish/synthetic-clip.flv
font=/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf   # Debian: fonts-dejavu-core
caption="drawtext=fontfile=$font:text='Streaming Lab  %{eif\:n+1\:d\:3}/200':fontsize=36"
caption+=":fontcolor=white:box=1:boxcolor=black@0.6:x=(w-tw)/2:y=h-th-20"
ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "testsrc2=size=640x360:rate=25,$caption" \
  -f lavfi -i "sine=frequency=440:sample_rate=48000:beep_factor=4" \
  -t 8 \
  -c:v libx264 -profile:v main -bf 0 -g 50 -keyint_min 50 -sc_threshold 0 \
  -b:v 700k -maxrate 700k -bufsize 700k -pix_fmt yuv420p \
  -c:a aac -ac 1 -b:a 64k \
  -map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact \
  -f flv "$out"
ls -l "$out"
