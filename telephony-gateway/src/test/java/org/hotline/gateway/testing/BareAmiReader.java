package org.hotline.gateway.testing;

import java.util.concurrent.atomic.AtomicLong;
import org.asteriskjava.manager.ManagerConnection;
import org.asteriskjava.manager.ManagerConnectionFactory;

/**
 * The baseline of the gateway's CPU benchmark: Asterisk-Java's {@code ManagerConnection} reading
 * the same AMI stream, with the same event classes, into a listener that only counts. Prints the
 * count once a second ({@code events N}) until killed.
 *
 * <p>Usage: {@code BareAmiReader host port username events-mask} with the secret in {@code
 * HOTLINE_AMI_SECRET}.
 */
public final class BareAmiReader {

  private BareAmiReader() {}

  public static void main(String[] args) throws Exception {
    ManagerConnection c =
        new ManagerConnectionFactory(
                args[0], Integer.parseInt(args[1]), args[2], System.getenv("HOTLINE_AMI_SECRET"))
            .createManagerConnection();
    AtomicLong events = new AtomicLong();
    c.addEventListener(e -> events.incrementAndGet());
    c.login(args[3]);
    System.out.println("logged in");
    while (true) {
      Thread.sleep(1000);
      System.out.println("events " + events.get());
    }
  }
}
