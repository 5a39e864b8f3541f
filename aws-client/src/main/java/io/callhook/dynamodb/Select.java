package io.callhook.dynamodb;

/** DynamoDB's Select values, sent by name. */
public enum Select {
    ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES, SPECIFIC_ATTRIBUTES, COUNT
}
