package io.callhook.dynamodb;

import io.callhook.aws.AwsServiceException;

/** DynamoDB refused a request; the subclasses are the refusals store code acts on. */
public class DynamoDbException extends AwsServiceException {

    public DynamoDbException(int statusCode, String errorCode, String errorMessage) {
        super(statusCode, errorCode, errorMessage);
    }
}
