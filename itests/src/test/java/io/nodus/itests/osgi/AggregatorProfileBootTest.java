package io.nodus.itests.osgi;

import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The {@code aggregator} profile boots with every bundle active and every component satisfied. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AggregatorProfileBootTest extends ProfileBootTestBase {

    @Override
    protected String profile() {
        return "aggregator";
    }
}
