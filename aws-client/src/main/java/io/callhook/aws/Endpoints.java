package io.callhook.aws;

import java.net.URI;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A service's endpoint as the AWS SDK for Java 2.x resolves it from the settings a Lambda function may be given
 * (its environment variables; there are no profile files on Lambda) and the region, for the partitions callhook
 * deploys to:
 * <ul>
 *   <li>{@code AWS_ENDPOINT_URL_<SERVICE>} ({@code AWS_ENDPOINT_URL_DYNAMODB}, {@code AWS_ENDPOINT_URL_EVENTBRIDGE}),
 *       else {@code AWS_ENDPOINT_URL}: that URL, unless {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS} is true;
 *       together with FIPS or dual-stack it is refused, as the SDK's endpoint rules refuse it;</li>
 *   <li>else {@code https://<prefix>[-fips].<region>.<suffix>}: {@code AWS_USE_FIPS_ENDPOINT} adds {@code -fips}
 *       (except where the service's FIPS endpoint in AWS GovCloud is the regional host: EventBridge's, and
 *       DynamoDB's unless dual-stack),
 *       {@code AWS_USE_DUALSTACK_ENDPOINT} takes the partition's dual-stack DNS suffix: {@code amazonaws.com} /
 *       {@code api.aws} (aws, aws-us-gov), {@code amazonaws.com.cn} / {@code api.amazonwebservices.com.cn}
 *       (aws-cn). A region of no known partition is in aws, as the SDK's rules have it.</li>
 * </ul>
 * {@code EndpointsHeldToTheSdkTest} compares these with the endpoints the SDK's own clients resolve.
 */
public final class Endpoints {

    public static final String ENDPOINT_URL = "AWS_ENDPOINT_URL";
    public static final String IGNORE_CONFIGURED_ENDPOINT_URLS = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";
    public static final String USE_FIPS = "AWS_USE_FIPS_ENDPOINT";
    public static final String USE_DUALSTACK = "AWS_USE_DUALSTACK_ENDPOINT";

    /** An AWS partition: its region names and DNS suffixes. */
    public enum Partition {
        AWS("aws", "^(us|eu|ap|sa|ca|me|af|il|mx)\\-\\w+\\-\\d+$", "amazonaws.com", "api.aws"),
        AWS_CN("aws-cn", "^cn\\-\\w+\\-\\d+$", "amazonaws.com.cn", "api.amazonwebservices.com.cn"),
        AWS_US_GOV("aws-us-gov", "^us\\-gov\\-\\w+\\-\\d+$", "amazonaws.com", "api.aws");

        private final String id;
        private final Pattern regions;
        private final String dnsSuffix;
        private final String dualStackDnsSuffix;

        Partition(String id, String regions, String dnsSuffix, String dualStackDnsSuffix) {
            this.id = id;
            this.regions = Pattern.compile(regions);
            this.dnsSuffix = dnsSuffix;
            this.dualStackDnsSuffix = dualStackDnsSuffix;
        }

        public String id() {
            return id;
        }

        public String dnsSuffix() {
            return dnsSuffix;
        }

        public String dualStackDnsSuffix() {
            return dualStackDnsSuffix;
        }

        /** The region's partition; aws for a region no partition names. */
        public static Partition of(String region) {
            for (Partition partition : new Partition[] {AWS_US_GOV, AWS_CN, AWS}) {
                if (partition.regions.matcher(region).matches()) {
                    return partition;
                }
            }
            return AWS;
        }
    }

    /** Where a service's FIPS endpoint in aws-us-gov is (its endpoint rules say). */
    public enum GovCloudFips {
        /** {@code <prefix>-fips.<region>...}, as in the other partitions. */
        FIPS_HOST,
        /** The regional host: the service's regional endpoints there are FIPS endpoints. */
        REGIONAL_HOST,
        /** The regional host, but {@code <prefix>-fips} when dual-stack. */
        REGIONAL_HOST_UNLESS_DUALSTACK
    }

    /**
     * A service: the suffix of its endpoint variable ({@code DYNAMODB}), its endpoint prefix ({@code dynamodb}) and
     * where its FIPS endpoint in aws-us-gov is.
     */
    public record Service(String variableSuffix, String endpointPrefix, GovCloudFips govCloudFips) {

        public static final Service DYNAMODB = new Service("DYNAMODB", "dynamodb",
                GovCloudFips.REGIONAL_HOST_UNLESS_DUALSTACK);
        public static final Service EVENTBRIDGE = new Service("EVENTBRIDGE", "events", GovCloudFips.REGIONAL_HOST);

        /** {@code AWS_ENDPOINT_URL_<SERVICE>}. */
        public String endpointVariable() {
            return ENDPOINT_URL + "_" + variableSuffix;
        }
    }

    private Endpoints() {
    }

    /**
     * The configured endpoint URL ({@code AWS_ENDPOINT_URL_<SERVICE>}, else {@code AWS_ENDPOINT_URL}), else null.
     */
    public static String configured(Function<String, String> env, Service service) {
        if (flag(env, IGNORE_CONFIGURED_ENDPOINT_URLS)) {
            return null;
        }
        String own = value(env, service.endpointVariable());
        return own != null ? own : value(env, ENDPOINT_URL);
    }

    /**
     * The service's endpoint in {@code region} under {@code env}'s settings.
     *
     * @throws IllegalArgumentException a setting that is not {@code true} or {@code false}, or a configured URL
     *     together with FIPS or dual-stack (the SDK refuses both)
     */
    public static URI resolve(Function<String, String> env, Service service, String region) {
        boolean fips = flag(env, USE_FIPS);
        boolean dualStack = flag(env, USE_DUALSTACK);
        String configured = configured(env, service);
        if (configured != null) {
            if (fips) {
                throw new IllegalArgumentException("Invalid Configuration: FIPS and custom endpoint are not supported");
            }
            if (dualStack) {
                throw new IllegalArgumentException(
                        "Invalid Configuration: Dualstack and custom endpoint are not supported");
            }
            return URI.create(configured);
        }
        Partition partition = Partition.of(region);
        String prefix = service.endpointPrefix();
        if (fips && !regionalFips(service, partition, dualStack)) {
            prefix += "-fips";
        }
        String suffix = dualStack ? partition.dualStackDnsSuffix() : partition.dnsSuffix();
        return URI.create("https://" + prefix + "." + region + "." + suffix);
    }

    private static boolean regionalFips(Service service, Partition partition, boolean dualStack) {
        return partition == Partition.AWS_US_GOV && switch (service.govCloudFips()) {
            case FIPS_HOST -> false;
            case REGIONAL_HOST -> true;
            case REGIONAL_HOST_UNLESS_DUALSTACK -> !dualStack;
        };
    }

    private static String value(Function<String, String> env, String name) {
        String value = env.apply(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static boolean flag(Function<String, String> env, String name) {
        String value = value(env, name);
        if (value == null) {
            return false;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false, not '" + value + "'");
        };
    }
}
