package io.callhook.dynamodb;

/** DynamoDB's ReturnValuesOnConditionCheckFailure values, sent by name. */
public enum ReturnValuesOnConditionCheckFailure {
    ALL_OLD, NONE
}
