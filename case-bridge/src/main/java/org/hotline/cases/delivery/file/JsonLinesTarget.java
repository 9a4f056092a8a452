package org.hotline.cases.delivery.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.hotline.cases.delivery.Delivery;
import org.hotline.cases.delivery.DeliveryOutcome;
import org.hotline.cases.delivery.DeliveryTarget;

/**
 * Appends each delivery as one line of JSON to a file and forces it to disk before saying
 * "delivered". A crash between the write and the outbox's acknowledgement repeats the line; readers
 * de-duplicate by {@code idempotencyKey}, as every target's receiver must.
 */
public final class JsonLinesTarget implements DeliveryTarget {

  private final Path path;
  private FileChannel channel;

  public JsonLinesTarget(Path path) {
    this.path = path;
  }

  @Override
  public String name() {
    return "jsonl";
  }

  @Override
  public synchronized CompletionStage<DeliveryOutcome> deliver(Delivery delivery) {
    try {
      if (channel == null) {
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
          Files.createDirectories(dir);
        }
        channel =
            FileChannel.open(
                path,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
      }
      ByteBuffer line =
          ByteBuffer.wrap((delivery.payload() + "\n").getBytes(StandardCharsets.UTF_8));
      while (line.hasRemaining()) {
        channel.write(line);
      }
      channel.force(false);
      return CompletableFuture.completedFuture(new DeliveryOutcome.Delivered(Optional.empty()));
    } catch (IOException e) {
      closeQuietly();
      return CompletableFuture.completedFuture(
          new DeliveryOutcome.Failed("cannot write " + path.getFileName() + ": " + e, false));
    }
  }

  @Override
  public synchronized void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing after a failed write: nothing more to do
      }
      channel = null;
    }
  }
}
