package io.streaminglab.lab;

import java.io.PrintStream;

/** The block {@code up} prints once everything runs: what a newcomer does next. */
final class NextSteps {
  private final Lab lab;

  NextSteps(Lab lab) {
    this.lab = lab;
  }

  void print(PrintStream out) {
    LabSettings settings = lab.settings();
    String host = settings.ingest().host().equals("0.0.0.0") ? "localhost"
        : settings.ingest().host();
    String rtmp = "rtmp://" + host + ":" + lab.rtmpPort();
    String backupRtmp = "rtmp://" + host + ":" + lab.backupRtmpPort();
    String http = "http://" + host + ":" + lab.httpPort();
    String player = http + "/hls/live.m3u8";
    String backupHttp = "http://" + host + ":" + lab.backupHttpPort();
    String stream = settings.stream();
    String ctl = "bin/streaming-lab ctl" + (settings.dataDir().equals(UpCommand.DEFAULT_DATA_DIR)
        ? "" : " --data-dir " + settings.dataDir());
    out.println();
    if (settings.publisher()) {
      out.println("Streaming Lab is up, and the built-in publisher is live on " + rtmp + "/"
          + stream + " and " + backupRtmp + "/" + stream + ".");
    } else {
      out.println("Streaming Lab is up and waits for a publisher on " + rtmp + "/" + stream
          + " and " + backupRtmp + "/" + stream + " (OBS, ffmpeg or bin/streaming-lab publish"
          + " --url " + rtmp + "/" + stream + " --url " + backupRtmp + "/" + stream + ").");
    }
    out.println("  Status page    " + http + "/?token=" + settings.switcher().adminToken());
    out.println("  Play           " + player + "   (hls.js, Safari: both switchers, "
        + "content steering; ffplay, VLC: " + http + "/hls/index.m3u8)");
    out.println("  Switchers      switcher-primary " + http + "   switcher-backup " + backupHttp
        + "   (either serves the same playlists)");
    out.println("  Publish (OBS)  Server " + rtmp + "/   Stream key " + stream
        + "   (Output > Keyframe Interval 2 s; a second output to " + backupRtmp + "/)");
    out.println("  Publish        ffmpeg -re -f lavfi -i testsrc2=size=1280x720:rate=30 -f lavfi"
        + " -i sine -c:v libx264 -g 60 -flags:v +global_header -c:a aac -metadata wallclock_at_zero_ms=$(date +%s%3N)"
        + " -map 0:v -map 1:a -f tee \"[f=flv:onfail=ignore]" + rtmp + "/" + stream
        + "|[f=flv:onfail=ignore]" + backupRtmp + "/" + stream + "\""
        + (settings.publisher() ? "   (after ctl stop publisher)" : ""));
    out.println("  Fail over      " + ctl + " stop origin-primary   (then: ctl start "
        + "origin-primary; ctl status)");
    out.println("  Evidence       bin/streaming-lab probe --url " + player + " --duration 60s");
    out.println("  Drill          " + ctl + " stop switcher-primary   (players move to "
        + "switcher-backup; then: ctl start switcher-primary)");
    out.println("  Health         " + http + "/healthz    Metrics " + http + "/metrics");
    out.println("  origin-primary http://" + host + ":" + lab.primaryPort() + "/hls/index.m3u8"
        + "   files in " + settings.primaryDir());
    out.println("  origin-backup  http://" + host + ":" + lab.backupPort() + "/hls/index.m3u8"
        + "   files in " + settings.backupDir());
    out.println("  Stop           Ctrl-C");
    out.println();
  }
}
