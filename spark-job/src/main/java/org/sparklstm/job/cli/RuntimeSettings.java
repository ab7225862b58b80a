package org.sparklstm.job.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.deeplearning4j.spark.time.TimeSourceProvider;
import picocli.CommandLine;

/**
 * The settings every spark-lstm JVM and Spark application needs, read from {@code runtime.properties}, which the
 * build fills in and the scripts read too: the version, the Spark settings (Kryo with ND4J's registrator) and
 * DL4J's time source.
 */
public final class RuntimeSettings {
    private static final Properties SETTINGS = load();

    private RuntimeSettings() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = RuntimeSettings.class.getResourceAsStream("runtime.properties")) {
            if (in == null) {
                throw new IllegalStateException("runtime.properties is missing from the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** @return this build's version */
    public static String version() {
        return SETTINGS.getProperty("version");
    }

    /**
     * Uses DL4J's system-clock time source for training stats unless one was chosen (its default queries NTP
     * servers, which clusters often cannot reach).
     */
    public static void useSystemClockForTrainingStats() {
        if (System.getProperty(TimeSourceProvider.TIMESOURCE_CLASSNAME_PROPERTY) == null) {
            System.setProperty(TimeSourceProvider.TIMESOURCE_CLASSNAME_PROPERTY,
                    SETTINGS.getProperty("dl4j.time.source"));
        }
    }

    /**
     * @param appName the application's name
     * @return a Spark configuration with every {@code spark.*} setting of spark-lstm applications
     */
    public static SparkConf sparkConf(String appName) {
        SparkConf conf = new SparkConf().setAppName(appName);
        SETTINGS.stringPropertyNames().stream().filter(k -> k.startsWith("spark."))
                .forEach(k -> conf.set(k, SETTINGS.getProperty(k)));
        return conf;
    }

    /**
     * @return whether this JVM is a driver that YARN's application master runs ({@code --deploy-mode cluster}): the
     *         master sets the application's Spark settings as system properties before it calls the main class
     */
    public static boolean insideYarnApplicationMaster() {
        return "cluster".equals(System.getProperty("spark.submit.deployMode"))
                && System.getProperty("spark.master", "").startsWith("yarn");
    }

    /** picocli's {@code --version}: the build's version. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"spark-lstm " + version()};
        }
    }
}
