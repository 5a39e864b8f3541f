/**
 * The errors the engine answers with: {@link io.callhook.engine.error.DynamoException} carries DynamoDB's error
 * type, message and HTTP status. The bottom of the engine: it imports nothing of the engine.
 */
package io.callhook.engine.error;
