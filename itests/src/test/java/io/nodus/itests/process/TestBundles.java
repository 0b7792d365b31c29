package io.nodus.itests.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Tiny manifest-only bundles for the hot-swap tests, and reading {@code lb} output. */
final class TestBundles {

    static final String HELLO = "io.nodus.itests.hello";

    /** One {@code lb -s} row: {@code    19|Active     |    1|io.nodus.itests.hello (1.0.0)|1.0.0}. */
    private static final Pattern LB_ROW = Pattern.compile("^\\s*(\\d+)\\|(\\w+)\\s*\\|\\s*\\d+\\|(.+?) \\(([^)]*)\\)\\|.*$",
            Pattern.MULTILINE);

    private TestBundles() {
    }

    /** Writes a bundle jar with only a manifest: enough for the framework to install, resolve and start it. */
    static Path write(Path jar, String symbolicName, String version) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", symbolicName);
        a.putValue("Bundle-Version", version);
        Files.createDirectories(jar.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, mf)) {
            j.flush();
        }
        return jar;
    }

    /** A bundle as {@code lb -s} lists it. */
    record Row(long id, String state, String name, String version) {
    }

    /** The row for {@code name} (symbolic name with {@code lb -s}, Bundle-Name with {@code lb}), or null. */
    static Row find(String lbOutput, String name) {
        Matcher m = LB_ROW.matcher(lbOutput);
        while (m.find()) {
            if (m.group(3).trim().equals(name)) {
                return new Row(Long.parseLong(m.group(1)), m.group(2), m.group(3).trim(), m.group(4));
            }
        }
        return null;
    }

    /** The id in Gogo's {@code install} answer ({@code Bundle ID: 19}). */
    static long installedId(String installOutput) {
        Matcher m = Pattern.compile("Bundle ID: (\\d+)").matcher(installOutput);
        if (!m.find()) {
            throw new AssertionError("no bundle id in install output: " + installOutput);
        }
        return Long.parseLong(m.group(1));
    }
}
