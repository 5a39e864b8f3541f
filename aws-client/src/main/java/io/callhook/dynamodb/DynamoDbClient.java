package io.callhook.dynamodb;

import io.callhook.aws.AwsJsonClient;
import io.callhook.aws.AwsServiceException;
import io.callhook.aws.Retries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The DynamoDB operations callhook uses (GetItem, PutItem, UpdateItem, Query, Scan, TransactWriteItems), spoken in
 * DynamoDB's JSON protocol through an {@link AwsJsonClient}: the SDK's signer and the retries the SDK's DynamoDB
 * client makes ({@link Retries#dynamoDb()}), without the SDK's generated client. Method names and request shapes
 * follow the SDK's, so store code reads the same (this is not the SDK's class of the same name, see the module's
 * README.md). Thread-safe; build one per container.
 */
public final class DynamoDbJsonClient implements AutoCloseable {

    public static final String TARGET_PREFIX = "DynamoDB_20120810";

    private final AwsJsonClient aws;

    public DynamoDbJsonClient(AwsJsonClient aws) {
        this.aws = aws;
    }

    /**
     * The builder of an {@link AwsJsonClient} set up for DynamoDB (endpoint, region, credentials still to set), with
     * a retry strategy of its own ({@link Retries#dynamoDb()}).
     */
    public static AwsJsonClient.Builder protocol() {
        return AwsJsonClient.builder()
                .signingName("dynamodb")
                .targetPrefix(TARGET_PREFIX)
                .contentType("application/x-amz-json-1.0")
                .retries(Retries.dynamoDb())
                .errors(DynamoDbJsonClient::error);
    }

    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        return new UpdateItemResponse(answer("UpdateItem", DynamoDbJson.updateItem(request)).attributes);
    }

    public UpdateItemResponse updateItem(Consumer<UpdateItemRequest.Builder> request) {
        return updateItem(Requests.built(UpdateItemRequest.builder(), request).build());
    }

    public void putItem(PutItemRequest request) {
        answer("PutItem", DynamoDbJson.putItem(request));
    }

    public void putItem(Consumer<PutItemRequest.Builder> request) {
        putItem(Requests.built(PutItemRequest.builder(), request).build());
    }

    public GetItemResponse getItem(GetItemRequest request) {
        return new GetItemResponse(answer("GetItem", DynamoDbJson.getItem(request)).item);
    }

    public GetItemResponse getItem(Consumer<GetItemRequest.Builder> request) {
        return getItem(Requests.built(GetItemRequest.builder(), request).build());
    }

    /**
     * The items of {@code keys} (at most 100) in {@code table}, in no particular order, missing ones left out; keys
     * DynamoDB leaves unprocessed are asked for again, at most {@value #BATCH_GET_ATTEMPTS} requests in all.
     *
     * @throws io.callhook.aws.AwsException when keys are still unprocessed after that
     */
    public List<Map<String, AttributeValue>> batchGetItems(String table, List<Map<String, AttributeValue>> keys,
                                                           boolean consistentRead) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        List<Map<String, AttributeValue>> pending = keys;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > BATCH_GET_ATTEMPTS) {
                throw new io.callhook.aws.AwsException(pending.size() + " keys of " + table
                        + " stayed unprocessed", null, true);
            }
            DynamoDbJson.Answer answer = answer("BatchGetItem",
                    DynamoDbJson.batchGetItem(table, pending, consistentRead));
            items.addAll(answer.items);
            pending = answer.unprocessedKeys;
        }
        return items;
    }

    /** BatchGetItem requests made for one call, unprocessed keys included. */
    static final int BATCH_GET_ATTEMPTS = 5;

    public QueryResponse query(QueryRequest request) {
        DynamoDbJson.Answer answer = answer("Query", DynamoDbJson.query(request));
        return new QueryResponse(answer.items, answer.count, answer.lastEvaluatedKey);
    }

    public QueryResponse query(Consumer<QueryRequest.Builder> request) {
        return query(Requests.built(QueryRequest.builder(), request).build());
    }

    /** Every page of the query, each read when reached. */
    public Pages<QueryResponse> queryPaginator(QueryRequest request) {
        return new Pages<>(start -> query(request.toBuilder().exclusiveStartKey(start).build()));
    }

    public Pages<QueryResponse> queryPaginator(Consumer<QueryRequest.Builder> request) {
        return queryPaginator(Requests.built(QueryRequest.builder(), request).build());
    }

    public ScanResponse scan(ScanRequest request) {
        DynamoDbJson.Answer answer = answer("Scan", DynamoDbJson.scan(request));
        return new ScanResponse(answer.items, answer.count, answer.lastEvaluatedKey);
    }

    public ScanResponse scan(Consumer<ScanRequest.Builder> request) {
        return scan(Requests.built(ScanRequest.builder(), request).build());
    }

    /** Every page of the scan, each read when reached. */
    public Pages<ScanResponse> scanPaginator(ScanRequest request) {
        return new Pages<>(start -> scan(request.toBuilder().exclusiveStartKey(start).build()));
    }

    public Pages<ScanResponse> scanPaginator(Consumer<ScanRequest.Builder> request) {
        return scanPaginator(Requests.built(ScanRequest.builder(), request).build());
    }

    public void transactWriteItems(TransactWriteItemsRequest request) {
        answer("TransactWriteItems", DynamoDbJson.transactWriteItems(request));
    }

    public void transactWriteItems(Consumer<TransactWriteItemsRequest.Builder> request) {
        transactWriteItems(Requests.built(TransactWriteItemsRequest.builder(), request).build());
    }

    private DynamoDbJson.Answer answer(String operation, byte[] body) {
        return DynamoDbJson.read(aws.call(operation, body));
    }

    /** DynamoDB's error answers, as the exceptions store code catches. */
    static AwsServiceException error(int status, String code, String message, byte[] body) {
        return switch (code) {
            case "ConditionalCheckFailedException" -> new ConditionalCheckFailedException(status, message,
                    DynamoDbJson.read(body).item);
            case "TransactionCanceledException" -> new TransactionCanceledException(status, message,
                    DynamoDbJson.read(body).cancellationReasons);
            default -> new DynamoDbException(status, code, message);
        };
    }

    @Override
    public void close() {
        // nothing to release: connections belong to the JDK's keep-alive cache
    }

}
