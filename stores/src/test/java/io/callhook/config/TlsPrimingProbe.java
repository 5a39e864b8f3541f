package io.callhook.config;

import io.callhook.aws.AwsTrust;
import io.callhook.dynamodb.AttributeValue;
import io.callhook.dynamodb.DynamoDbJsonClient;
import java.util.Map;

/**
 * Runs in a fresh JVM (class loading logged): optionally runs {@link PrimingTls}, prints a mark, then sends one real
 * GetItem over HTTPS through callhook's client, as a restored function's first request, and prints a second mark.
 * Arguments: {@code primed} or {@code unprimed}, the HTTPS endpoint, the table, a PEM file with the endpoint's
 * authority (trusted beside the AWS roots, as {@link AwsTrust} allows).
 */
public final class TlsPrimingProbe {

    private TlsPrimingProbe() {
    }

    public static void main(String[] args) {
        DynamoDbJsonClient dynamo = AwsClients.dynamoDb(Environment.of(Map.of(
                AwsClients.DYNAMODB_ENDPOINT, args[1], AwsClients.REGION, "us-east-1",
                AwsTrust.SETTING, "aws-roots", AwsTrust.EXTRA_CERTS, args[3])));
        if (args[0].equals("primed")) {
            System.out.println("HANDSHAKES " + PrimingTls.prime());
        }
        System.out.println("MARK first-request");
        dynamo.getItem(b -> b.tableName(args[2]).key(Map.of("pk", AttributeValue.fromS("tls-probe"))));
        System.out.println("MARK answered");
    }
}
