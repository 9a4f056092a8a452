package org.hotline.asterisk.sim.dialplan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** $[...] expressions and ${...} substitution as the shipped dialplan uses them. */
class ExpressionTest {
  @Test
  void arithmeticComparisonsLogicAndStrings() {
    assertEquals("10", Expression.evaluate("0 + 10"));
    assertEquals("7", Expression.evaluate("1 + 2 * 3"));
    assertEquals("9", Expression.evaluate("(1 + 2) * 3"));
    assertEquals("3", Expression.evaluate("10 / 3"), "integer arithmetic");
    assertEquals("1", Expression.evaluate("10 % 3"));
    assertEquals("-4", Expression.evaluate("-4"));
    assertEquals("1", Expression.evaluate("1810 < 1800 + 20"));
    assertEquals("0", Expression.evaluate("1800 < 1800"));
    assertEquals("1", Expression.evaluate("1796041200 - 1796040000 >= 1800 - 600"));
    assertEquals("1", Expression.evaluate("9 < 10"), "numeric when both are numbers");
    assertEquals("0", Expression.evaluate("\"9\" < \"10x\""), "else string order");
    assertEquals("1", Expression.evaluate("\"hold\" = \"hold\""));
    assertEquals("0", Expression.evaluate("\"\" = \"hold\""));
    assertEquals("1", Expression.evaluate("\"x\" != \"\""));
    assertEquals("1", Expression.evaluate("\"connect\" = \"connect\" & \"Local/1@a\" != \"\""));
    assertEquals("0", Expression.evaluate("\"FAILURE\" = \"FAILURE\" & \"\" != \"\""));
    assertEquals("1", Expression.evaluate("\"\" = \"\" | \"x\" != \"\""));
    assertEquals("5", Expression.evaluate("0 | 5"), "| gives the right value when left is 0");
    assertEquals("7", Expression.evaluate("7 & 5"), "& gives the left value");
    assertEquals("abc", Expression.evaluate("\"abc\""), "quotes are dropped");
    assertEquals("1", Expression.evaluate("!0"));
    assertEquals("1", Expression.evaluate("2 == 2"));
    assertEquals("", Expression.evaluate(""));
    assertEquals("", Expression.evaluate(" < 300"), "syntax error: empty");
    assertThrows(Expression.SyntaxError.class, () -> Expression.evaluateStrict("1 +"));
    assertThrows(Expression.SyntaxError.class, () -> Expression.evaluateStrict("a + 1"));
    assertThrows(Expression.SyntaxError.class, () -> Expression.evaluateStrict("1 / 0"));
  }

  @Test
  void substitutionNestsAndLeavesUnsetVariablesEmpty() {
    Map<String, String> vars =
        Map.of("HOLD_SECS", "10", "X", "HOLD_SECS", "REC", "hotline/20261130/a", "NEXT", "");
    Substitution.Scope scope =
        new Substitution.Scope() {
          @Override
          public String variable(String name) {
            return vars.getOrDefault(name, "");
          }

          @Override
          public String function(String name, String args) {
            return name + "<" + args + ">";
          }
        };
    assertEquals("20", Substitution.expand("$[${HOLD_SECS} + 10]", scope));
    assertEquals("10", Substitution.expand("${${X}}", scope), "nested names");
    assertEquals(
        "1?MixMonitor(hotline/20261130/a.wav,b)",
        Substitution.expand("$[\"${REC}\" != \"\"]?MixMonitor(${REC}.wav,b)", scope));
    assertEquals(
        "0?hotline-connect,s,1",
        Substitution.expand(
            "$[\"${NEXT}\" = \"connect\" & \"${UNSET}\" != \"\"]?hotline-connect,s,1", scope));
    assertEquals("CALLERID<all>", Substitution.expand("${CALLERID(all)}", scope));
    assertEquals("RAND<3,6>", Substitution.expand("${RAND(3,6)}", scope));
    assertEquals("hotline", Substitution.expand("${REC:0:7}", scope));
    assertEquals("a", Substitution.expand("${REC:-1}", scope));
    assertEquals("no dollars", Substitution.expand("no dollars", scope));
    assertEquals("$[unclosed", Substitution.expand("$[unclosed", scope));
  }

  @Test
  void execIfSplitsOnlyOutsideParentheses() {
    AppArgs.Conditional c =
        AppArgs.execIf("1?AGI(agi://10.0.0.2:4573/incoming,ast1,12345,17):NoOp(else)");
    assertEquals("1", c.condition());
    assertEquals("AGI(agi://10.0.0.2:4573/incoming,ast1,12345,17)", c.ifTrue());
    assertEquals("NoOp(else)", c.ifFalse());
    String[] app = AppArgs.application(c.ifTrue());
    assertEquals("AGI", app[0]);
    assertEquals("agi://10.0.0.2:4573/incoming,ast1,12345,17", app[1]);
    AppArgs.Conditional g = AppArgs.gotoIf("0?hotline-hold,s,1:bye");
    assertEquals("hotline-hold,s,1", g.ifTrue());
    assertEquals("bye", g.ifFalse());
    assertEquals(
        java.util.List.of("Local/1@agents", "15", "tT(x,y)"),
        AppArgs.split("Local/1@agents,15,tT(x,y)"));
  }
}
