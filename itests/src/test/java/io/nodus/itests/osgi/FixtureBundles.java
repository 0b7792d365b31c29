package io.nodus.itests.osgi;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;

/** Builds the dynamics test's fixture bundles from test classes with bndlib (DS descriptors included). */
final class FixtureBundles {

    private FixtureBundles() {
    }

    static Path build(String bsn, String version, String privatePackage, Path outDir) throws Exception {
        Files.createDirectories(outDir);
        Path out = outDir.resolve(bsn + "-" + version + ".jar");
        try (Builder b = new Builder()) {
            b.setProperty("Bundle-SymbolicName", bsn);
            b.setProperty("Bundle-Version", version);
            b.setProperty("Private-Package", privatePackage);
            b.setProperty("-dsannotations", "*");
            b.addClasspath(new File("target/test-classes"));
            Jar jar = b.build();
            if (!b.isOk()) {
                throw new IllegalStateException("fixture " + bsn + ": " + b.getErrors());
            }
            jar.write(out.toFile());
        }
        return out;
    }
}
