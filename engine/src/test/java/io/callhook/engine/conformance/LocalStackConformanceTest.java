package io.callhook.engine.conformance;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The conformance suite against LocalStack ({@code localstack/localstack:4.9.2}, started with Testcontainers), to
 * measure how far another DynamoDB emulator agrees with the documented behaviour the suite asserts. Every conformance
 * class except {@link TtlConformanceTest} (which needs the engine's controllable clock) runs again here as a
 * {@link Nested} class aimed at the container. Without a Docker engine every test is reported skipped, with the
 * reason.
 *
 * <p>To run the whole suite against any other endpoint (a LocalStack or DynamoDB Local you started yourself, a proxy
 * to real DynamoDB, ...), name it in the environment instead:
 *
 * <pre>
 * CALLHOOK_CONFORMANCE_ENDPOINT=http://host:port mvn -pl engine test -Dtest='*ConformanceTest'
 * </pre>
 *
 * Engine-only tests are then skipped through {@code Assumptions.assumeTrue(Target.get().isEngine())}.
 */
@DisplayName("Conformance suite against LocalStack")
class LocalStackConformanceTest {

    private static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.9.2");
    private static LocalStackContainer localstack;
    private static Target target;

    @BeforeAll
    static void startLocalStack() {
        if (DockerClientFactory.instance().isDockerAvailable()) {
            localstack = new LocalStackContainer(IMAGE).withServices("dynamodb", "dynamodbstreams");
            localstack.start();
            target = Target.at(localstack.getEndpoint().toString());
        }
    }

    /** The container's target; every test is reported skipped, with the reason, when there is no Docker engine. */
    private static Target localStack() {
        Assumptions.assumeTrue(target != null, "no Docker engine: LocalStack conformance skipped");
        return target;
    }

    @AfterAll
    static void stopLocalStack() {
        if (localstack != null) {
            localstack.stop();
        }
    }

    @Nested
    class Tables extends TablesConformanceTest {
        @Override
        Target target() {
            return localStack();
        }
    }

    @Nested
    class Items extends ItemsConformanceTest {
        @Override
        Target target() {
            return localStack();
        }
    }

    @Nested
    class QueryScan extends QueryScanConformanceTest {
        @Override
        Target target() {
            return localStack();
        }
    }

    @Nested
    class Batch extends BatchConformanceTest {
        @Override
        Target target() {
            return localStack();
        }
    }

    @Nested
    class Transactions extends TransactionsConformanceTest {
        @Override
        Target target() {
            return localStack();
        }
    }

    @Nested
    class Streams extends StreamsConformanceTest {
        @Override
        Target target() {
            return localStack();
        }
    }
}
