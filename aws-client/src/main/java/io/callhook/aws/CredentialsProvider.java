package io.callhook.aws;

import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Where a client's signing credentials come from; asked before every request (implementations cache). */
@FunctionalInterface
public interface CredentialsProvider {

    AwsCredentialsIdentity credentials();

    /** Fixed credentials: a local engine, which takes any, and tests. */
    static CredentialsProvider fixed(String accessKeyId, String secretAccessKey) {
        AwsCredentialsIdentity identity = AwsCredentialsIdentity.create(accessKeyId, secretAccessKey);
        return () -> identity;
    }
}
