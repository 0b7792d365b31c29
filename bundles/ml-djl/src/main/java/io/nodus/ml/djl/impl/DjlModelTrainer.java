package io.nodus.ml.djl.impl;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

import io.nodus.api.node.NodeInfo;
import io.nodus.ml.core.data.LabeledImages;
import io.nodus.ml.core.tensor.ModelWeights;
import io.nodus.ml.core.train.Architecture;
import io.nodus.ml.core.train.Evaluation;
import io.nodus.ml.core.train.ModelTrainer;
import io.nodus.ml.core.train.TrainResult;
import io.nodus.ml.core.train.TrainSettings;

/**
 * {@link ModelTrainer} on DJL + MXNet. Native libraries are extracted into {@code <data>/cache/djl}, or into the
 * directory named by the framework/system property {@value #CACHE_PROPERTY} so that many nodes on one machine can
 * share one extraction.
 */
@Component(service = ModelTrainer.class, immediate = true)
public class DjlModelTrainer implements ModelTrainer {

    static final String CACHE_PROPERTY = "nodus.djl.cache";

    @Reference
    private NodeInfo node;

    @Reference(service = LoggerFactory.class)
    private Logger log;

    private MxNetEngine engine;
    private final Map<Architecture, DjlClassifier> classifiers = new EnumMap<>(Architecture.class);
    private Thread warmUp;

    @Activate
    void activate(BundleContext context) {
        String shared = context.getProperty(CACHE_PROPERTY);
        Path cache = shared != null && !shared.isBlank() ? Path.of(shared) : node.dataDir().resolve("cache").resolve("djl");
        engine = new MxNetEngine(cache, DjlModelTrainer.class.getClassLoader());
        for (Architecture a : Architecture.values()) {
            classifiers.put(a, new DjlClassifier(a));
        }
        // Start the engine (and extract the libraries the first time) off the SCR thread.
        warmUp = new Thread(() -> {
            try {
                log.info("deep learning engine {} ready (native libraries in {})", engine.version(), cache);
            } catch (RuntimeException e) {
                log.error("deep learning engine failed to start: {}", e.toString(), e);
            }
        }, "nodus-djl-warmup");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    /** How long a stopping component waits for the engine start it began (native libraries half loaded abort the JVM). */
    static final long WARM_UP_JOIN_MILLIS = 30_000;

    @Deactivate
    void deactivate() throws InterruptedException {
        warmUp.interrupt();
        // MXNet's native start cannot be interrupted; stopping the bundle (or the JVM exiting) while it loads the
        // libraries aborts the process, so the component ends only once the warm-up has
        warmUp.join(WARM_UP_JOIN_MILLIS);
        if (warmUp.isAlive()) {
            log.warn("deep learning engine still starting after {} ms; stopping anyway", WARM_UP_JOIN_MILLIS);
        }
    }

    @Override
    public ModelWeights initialWeights(Architecture architecture, long seed) {
        return engine.call(() -> classifiers.get(architecture).initialWeights(seed));
    }

    @Override
    public TrainResult train(Architecture architecture, ModelWeights start, LabeledImages data, TrainSettings settings) {
        return engine.call(() -> classifiers.get(architecture).train(start, data, settings));
    }

    @Override
    public Evaluation evaluate(Architecture architecture, ModelWeights weights, LabeledImages data) {
        return engine.call(() -> classifiers.get(architecture).evaluate(weights, data));
    }
}
