package io.nodus.crypto.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Runs one Wycheproof file (copied from the shared vectors, see SOURCES.md next to them) through a check, honouring
 * each test's verdict: "valid" must pass, "invalid" must be refused, "acceptable" may go either way but, when it
 * passes, must give the expected result.
 */
final class Wycheproof {

    enum Verdict {
        VALID,
        INVALID,
        ACCEPTABLE
    }

    /** One test case: its group and its own fields. */
    record Case(JsonObject group, JsonObject test, Verdict verdict) {
        byte[] hex(String field) {
            return HexFormat.of().parseHex(test.get(field).getAsString());
        }

        byte[] groupHex(String field) {
            return HexFormat.of().parseHex(group.get(field).getAsString());
        }

        int id() {
            return test.get("tcId").getAsInt();
        }

        String describe() {
            return "tcId " + id() + " (" + verdict + ", " + test.get("comment").getAsString() + ", flags "
                    + test.get("flags") + ")";
        }
    }

    /** What the code under test did with a case: passed (with a result to compare, if any) or refused. */
    record Outcome(boolean passed, boolean resultMatches) {
        static Outcome refused() {
            return new Outcome(false, false);
        }

        static Outcome passed(boolean matches) {
            return new Outcome(true, matches);
        }
    }

    interface Check {
        Outcome run(Case c) throws Exception;
    }

    private Wycheproof() {
    }

    /** Runs every case of {@code file}; fails listing every case whose verdict was not honoured. */
    static int run(String file, Check check) throws IOException {
        JsonObject root;
        try (InputStream in = Wycheproof.class.getResourceAsStream("/vectors/wycheproof/" + file)) {
            if (in == null) {
                throw new IOException("missing test resource " + file);
            }
            root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
        int expected = root.get("numberOfTests").getAsInt();
        List<String> failures = new ArrayList<>();
        int ran = 0;
        for (JsonElement g : root.getAsJsonArray("testGroups")) {
            JsonObject group = g.getAsJsonObject();
            for (JsonElement t : group.getAsJsonArray("tests")) {
                JsonObject test = t.getAsJsonObject();
                Case c = new Case(group, test, Verdict.valueOf(test.get("result").getAsString().toUpperCase()));
                Outcome o;
                try {
                    o = check.run(c);
                } catch (Exception e) {
                    failures.add(c.describe() + ": threw " + e);
                    ran++;
                    continue;
                }
                ran++;
                switch (c.verdict()) {
                    case VALID -> {
                        if (!o.passed() || !o.resultMatches()) {
                            failures.add(c.describe() + ": " + (o.passed() ? "wrong result" : "refused"));
                        }
                    }
                    case INVALID -> {
                        if (o.passed()) {
                            failures.add(c.describe() + ": accepted");
                        }
                    }
                    case ACCEPTABLE -> {
                        if (o.passed() && !o.resultMatches()) {
                            failures.add(c.describe() + ": accepted with a wrong result");
                        }
                    }
                }
            }
        }
        assertEquals(expected, ran, file + ": numberOfTests");
        assertTrue(failures.isEmpty(), file + ": " + failures.size() + " of " + ran + " verdicts not honoured:\n"
                + String.join("\n", failures));
        return ran;
    }
}
