package org.hotline.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The prompts a real Asterisk must have: every one the configuration names has a text in {@code
 * config/asterisk/sounds/prompts.tsv}, and {@code make-prompts.sh} turns them into files Asterisk
 * plays as they are (WAV, PCM, 8000 Hz, mono, 16-bit).
 */
class SoundPromptsTest {

  private static final Path CONFIG = Path.of("..", "config");
  private static final Path SOUNDS = CONFIG.resolve("asterisk").resolve("sounds");

  /** One line of prompts.tsv. */
  private record Segment(String name, String language, String text) {}

  private static List<Segment> table() throws IOException {
    List<Segment> segments = new ArrayList<>();
    for (String line : Files.readAllLines(SOUNDS.resolve("prompts.tsv"))) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      assertEquals(3, f.length, "name, language, text: " + line);
      segments.add(new Segment(f[0], f[1], f[2]));
    }
    return segments;
  }

  /** The ivr prompt as loaded, and every other value in gateway.yaml under a key about prompts. */
  private static Set<String> promptsNamedInTheConfiguration() throws IOException {
    Set<String> names = new TreeSet<>();
    names.add(
        GatewayConfigLoader.load(
                CONFIG.resolve("gateway.yaml"), env -> env.endsWith("_SECRET") ? "any" : null)
            .ivr()
            .prompt());
    JsonNode root =
        new ObjectMapper(new YAMLFactory()).readTree(CONFIG.resolve("gateway.yaml").toFile());
    collect(root, false, names);
    return names;
  }

  private static void collect(JsonNode node, boolean underPrompt, Set<String> names) {
    if (node.isTextual() && underPrompt) {
      names.add(node.asText());
    }
    if (node.isArray()) {
      node.forEach(n -> collect(n, underPrompt, names));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      collect(e.getValue(), underPrompt || e.getKey().toLowerCase().contains("prompt"), names);
    }
  }

  @Test
  void everyPromptTheConfigurationNamesHasATextInPromptsTsv() throws IOException {
    Set<String> named = promptsNamedInTheConfiguration();
    assertTrue(named.contains("hotline/welcome"), named.toString());
    Set<String> inTable = new TreeSet<>();
    table().forEach(s -> inTable.add(s.name()));
    for (String prompt : named) {
      assertTrue(inTable.contains(prompt), prompt + " has no line in prompts.tsv");
    }
  }

  @Test
  void everyPromptTheDialplanAndTheGatewaysScriptsPlayHasATextInPromptsTsv() throws IOException {
    Set<String> named = new TreeSet<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("hotline/[a-z0-9-]+")
            .matcher(Files.readString(CONFIG.resolve("asterisk").resolve("extensions.conf")));
    while (m.find()) {
      named.add(m.group());
    }
    named.add(org.hotline.gateway.ivr.CallbackOffer.PROMPT);
    assertTrue(named.contains("hotline/callback-booked"), named.toString());
    Set<String> inTable = new TreeSet<>();
    table().forEach(s -> inTable.add(s.name()));
    for (String prompt : named) {
      assertTrue(inTable.contains(prompt), prompt + " has no line in prompts.tsv");
    }
  }

  @Test
  void everyReturnVisitPromptAndItsRecordedFallbackHasATextInPromptsTsv() throws IOException {
    org.hotline.cases.api.ReturnVisitPolicy.Prompts p =
        org.hotline.cases.config.CasesConfigLoader.returnVisits(CONFIG.resolve("cases.yaml"))
            .prompts();
    Set<String> inTable = new TreeSet<>();
    table().forEach(s -> inTable.add(s.name()));
    for (String prompt :
        List.of(
            p.intro(),
            p.satisfaction(),
            p.resolved(),
            p.thanks(),
            p.introFallback(),
            p.satisfactionFallback(),
            p.resolvedFallback(),
            p.thanksFallback())) {
      assertTrue(inTable.contains(prompt), prompt + " has no line in prompts.tsv");
    }
    assertTrue(!p.satisfaction().equals(p.satisfactionFallback()), "a fallback of its own");
  }

  @Test
  void theWelcomeSpeaksEachLanguageInItsOwnVoiceAndOffersTheConfiguredChoices() throws IOException {
    List<Segment> welcome =
        table().stream().filter(s -> s.name().equals("hotline/welcome")).toList();
    assertEquals(List.of("cmn", "en", "cmn"), welcome.stream().map(Segment::language).toList());
    assertEquals(
        "普通话请按1，For English, press 2.方言服务请按3。",
        String.join("", welcome.stream().map(Segment::text).toList()));
    for (Segment s : table()) {
      assertTrue(Set.of("cmn", "zh", "en").contains(s.language()), s.toString());
    }
  }

  @Test
  void theScriptMakesEveryPromptAsAn8kHzMono16BitPcmWav(@TempDir Path target) throws Exception {
    assumeTrue(
        onPath("espeak-ng") && onPath("sox"),
        "espeak-ng and sox are not on the PATH, so the prompts cannot be made here:"
            + " apt-get install espeak-ng sox");
    Process p =
        new ProcessBuilder("bash", SOUNDS.resolve("make-prompts.sh").toString(), target.toString())
            .redirectErrorStream(true)
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "make-prompts.sh finished");
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), output);

    Set<String> expected = new TreeSet<>();
    table().forEach(s -> expected.add(s.name() + ".wav"));
    Set<String> made = new TreeSet<>();
    try (Stream<Path> files = Files.walk(target)) {
      files.filter(Files::isRegularFile).forEach(f -> made.add(target.relativize(f).toString()));
    }
    assertEquals(expected, made, output);
    for (String name : made) {
      Path wav = target.resolve(name);
      assertPlayableByAsterisk(name, Files.readAllBytes(wav));
      assertTrue(Files.isReadable(wav));
    }
  }

  /** Reads the RIFF header: format 1 (PCM), 1 channel, 8000 Hz, 16 bits, at least 0.5 s. */
  private static void assertPlayableByAsterisk(String name, byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals("RIFF", ascii(file, 0), name);
    assertEquals(file.length - 8, b.getInt(4), name + ": RIFF size");
    assertEquals("WAVE", ascii(file, 8), name);
    int pos = 12;
    boolean fmt = false;
    int dataBytes = -1;
    int dataStart = -1;
    while (pos + 8 <= file.length) {
      String id = ascii(file, pos);
      int size = b.getInt(pos + 4);
      if (id.equals("fmt ")) {
        fmt = true;
        assertEquals(1, b.getShort(pos + 8), name + ": PCM");
        assertEquals(1, b.getShort(pos + 10), name + ": mono");
        assertEquals(8000, b.getInt(pos + 12), name + ": 8000 Hz");
        assertEquals(16000, b.getInt(pos + 16), name + ": byte rate");
        assertEquals(2, b.getShort(pos + 20), name + ": block align");
        assertEquals(16, b.getShort(pos + 22), name + ": 16-bit");
      } else if (id.equals("data")) {
        dataBytes = size;
        dataStart = pos + 8;
        assertTrue(pos + 8 + size <= file.length, name + ": data chunk within the file");
      }
      pos += 8 + size + (size & 1);
    }
    assertTrue(fmt, name + ": fmt chunk");
    assertTrue(dataBytes >= 8000, name + ": at least half a second of sound, was " + dataBytes);
    assertTrue(audible(b, dataStart, dataBytes), name + ": not silence");
  }

  private static boolean audible(ByteBuffer b, int from, int bytes) {
    int peak = 0;
    for (int i = from; i + 1 < from + bytes; i += 2) {
      peak = Math.max(peak, Math.abs(b.getShort(i)));
    }
    return peak > 3000;
  }

  private static String ascii(byte[] bytes, int at) {
    return new String(bytes, at, 4, StandardCharsets.US_ASCII);
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}
