package org.hotline.gateway.record;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The SQL our compiled classes carry: string constants (javac joins {@code "a" + "b"} of literals
 * into one) that are statements on the {@code hotline} schema, read from the class files' constant
 * pools on the test's classpath. Statements built at run time appear as recipes with placeholders
 * and are reported apart.
 */
final class SqlInClasses {

  private static final Pattern STATEMENT =
      Pattern.compile("(?is)^\\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\\b.*\\bhotline\\..*");

  /** Statement → the class it was found in; {@code dynamic} collects run-time-built ones. */
  record Found(Map<String, String> statements, Map<String, String> dynamic) {}

  private SqlInClasses() {}

  static Found onClasspath() throws IOException {
    Map<String, String> statements = new TreeMap<>();
    Map<String, String> dynamic = new TreeMap<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (Files.isDirectory(p)
          && p.endsWith(Path.of("target", "classes"))
          && p.getParent().getParent() != null
          // the same modules as their jars (a reactor run puts their class directories here)
          && (p.getParent().getParent().getFileName() + "-x.jar").matches(ours())) {
        try (Stream<Path> files = Files.walk(p)) {
          for (Path f : files.filter(x -> x.toString().endsWith(".class")).toList()) {
            try (InputStream in = Files.newInputStream(f)) {
              collect(in.readAllBytes(), f.getFileName().toString(), statements, dynamic);
            }
          }
        }
      } else if (entry.endsWith(".jar") && p.getFileName().toString().matches(ours())) {
        try (ZipFile zip = new ZipFile(p.toFile())) {
          Enumeration<? extends ZipEntry> entries = zip.entries();
          while (entries.hasMoreElements()) {
            ZipEntry e = entries.nextElement();
            if (e.getName().startsWith("org/hotline/") && e.getName().endsWith(".class")) {
              try (InputStream in = zip.getInputStream(e)) {
                collect(in.readAllBytes(), e.getName(), statements, dynamic);
              }
            }
          }
        }
      }
    }
    return new Found(statements, dynamic);
  }

  private static String ours() {
    return "(case-bridge|seat-manager|city-record|pg-support|staff|telephony-gateway)-.*\\.jar";
  }

  private static void collect(
      byte[] classFile, String name, Map<String, String> statements, Map<String, String> dynamic)
      throws IOException {
    for (String s : utf8Constants(classFile)) {
      if (STATEMENT.matcher(s).matches()) {
        (s.indexOf('\u0001') >= 0 ? dynamic : statements).putIfAbsent(s, name);
      }
    }
  }

  /** The CONSTANT_Utf8 entries of a class file (JVMS 4.4). */
  static java.util.List<String> utf8Constants(byte[] classFile) throws IOException {
    java.util.List<String> out = new java.util.ArrayList<>();
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort();
    in.readUnsignedShort();
    int count = in.readUnsignedShort();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> out.add(in.readUTF());
        case 3, 4 -> in.skipBytes(4);
        case 5, 6 -> {
          in.skipBytes(8);
          i++; // takes two slots
        }
        case 7, 8, 16, 19, 20 -> in.skipBytes(2);
        case 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
        case 15 -> in.skipBytes(3);
        default -> throw new IOException("constant pool tag " + tag);
      }
    }
    return out;
  }
}
