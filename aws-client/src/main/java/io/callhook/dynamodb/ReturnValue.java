package io.callhook.dynamodb;

/** DynamoDB's ReturnValue values, sent by name. */
public enum ReturnValue {
    NONE, ALL_OLD, UPDATED_OLD, ALL_NEW, UPDATED_NEW
}
