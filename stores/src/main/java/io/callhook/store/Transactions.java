package io.callhook.store;

import io.callhook.dynamodb.ReturnValuesOnConditionCheckFailure;
import io.callhook.dynamodb.TransactWriteItem;
import io.callhook.dynamodb.Update;
import io.callhook.dynamodb.UpdateItemRequest;

/** Turns single-item writes into items of one {@code TransactWriteItems} request. */
public final class Transactions {

    private Transactions() {
    }

    /** The same update, its condition included, as a transaction item. */
    public static TransactWriteItem update(UpdateItemRequest request, ReturnValuesOnConditionCheckFailure onFailure) {
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(request.tableName())
                .key(request.key())
                .updateExpression(request.updateExpression())
                .conditionExpression(request.conditionExpression())
                .expressionAttributeNames(request.expressionAttributeNames())
                .expressionAttributeValues(request.expressionAttributeValues())
                .returnValuesOnConditionCheckFailure(onFailure)
                .build()).build();
    }
}
